-- Module titles in Russian and Kazakh beside the title as typed (English in the default
-- curriculum). NULL: that language shows the title as typed. Added at the end of the table
-- and NULL in every row already there, so no row's hash in the chain changes
-- (src/store/chain.rs leaves trailing NULLs out). Right after this file runs, the code
-- renews the module's chain triggers (they hash the new columns too) and gives the default
-- modules that still bear their default English title their Russian and Kazakh titles,
-- recording each as a change of the curriculum (src/store/curriculum.rs).
ALTER TABLE module ADD COLUMN title_ru TEXT;
ALTER TABLE module ADD COLUMN title_kk TEXT;
