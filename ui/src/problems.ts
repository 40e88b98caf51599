// What the core refused, said in the user's language. The core sends each problem as a
// code with its values (bindings/Problem.ts); a sentence per code and language lives
// here, and the type checker refuses a code without one. `{field}` is the field's label
// as the screens name it, dates are written the way the language writes them.
import type { Field } from "./bindings/Field";
import type { Problem } from "./bindings/Problem";
import { fill, formatDate, formatStamp, type Key, type Lang, type T } from "./i18n";

type Code = Problem["code"];
/** Codes whose sentence depends on a value: an empty value, or what an Excel cell held. */
type Variant =
  | "not_a_category_empty"
  | "not_a_gender_empty"
  | "not_a_result_empty"
  | "cell_time"
  | "cell_duration"
  | "cell_excel_error";
type Sentences = Record<Exclude<Code, "other" | "in_field" | "cell_not_a_value"> | Variant, string>;

const en: Sentences = {
  empty: "{field} is empty",
  too_long: "{field} is longer than {max} characters",
  control_character: "{field} holds an invisible or control character ({code_point}): retype it",
  space_in_service_number: "service number «{value}» contains a space",
  not_a_number: "{field}: «{value}» is not a number",
  out_of_range: "{field} {value} is outside {min}–{max}",
  not_a_category: "category «{value}» is not officer, NCO or enlisted",
  not_a_category_empty: "category is empty (officer, NCO or enlisted)",
  not_a_gender: "gender «{value}» is not F or M",
  not_a_gender_empty: "gender is empty (F or M)",
  not_a_result: "result «{value}» is not pass or fail",
  not_a_result_empty: "result is empty (pass or fail)",
  date_ambiguous: "date «{value}» is ambiguous (day/month or month/day?): write dd.mm.yyyy",
  date_format: "«{value}» is not a date: write dd.mm.yyyy",
  date_not_in_calendar: "date «{value}» does not exist in the calendar",
  date_in_future: "date {date} is in the future: training is recorded after it happens",
  date_before1970: "date {date} is before 1970",
  below_pass_mark: "score {score} is below the pass mark {mark} of {module}, yet the result is pass",
  module_retired: "module {module} is retired: no new records can be added to it",
  validity_zero: "validity must be at least 1 month (or none)",
  bad_contingent_code: "contingent code «{value}» may hold only letters, digits, '-', '_' and '.'",
  bad_module_code: "module code «{value}» may hold only letters, digits, '-' and '_'",
  deploy_before_start: "deployment date {deploy_on} is before training start {training_start}",
  no_attendees: "no attendees: tick at least one person",
  listed_twice: "{service_number} is listed twice for {module}",
  two_individual_results: "{service_number} has two individual results; nothing was saved",
  result_for_absent: "{service_number} has an individual result but is not among the attendees; nothing was saved",
  unknown_attendees: "no soldier with service number {service_numbers} (check the number, or import the roster first); nothing was saved",
  not_a_record_id: "«{value}» is not a record id: give the full id or at least its last 8 characters",
  ambiguous_record_id: "record id «{value}» matches {count} records: {candidates}; give the full id",
  not_found: "{what} «{key}» not found",
  no_operator: "enter your name in Settings first: every record says who made it",
  no_save_location: "choose where to save the file",
  no_file_chosen: "choose a file first",
  unsigned_working_copy:
    "this {format} is an unsigned working copy: no validation team signed it off, so no report was frozen to compare the records with (Muster's own signature on the file is valid; record a validation decision, then save the report again, or check its JSON)",
  never_signed_off: "this report was never signed off in this database: only a validated report can be checked from its PDF or HTML (check its JSON instead)",
  not_a_report: "the file is not a report Muster writes (a PDF, HTML or JSON report)",
  report_unsigned: "this {format} file carries no Muster signature: Muster did not issue it, or it was cut short or saved again by another program",
  report_truncated: "this {format} file was cut short: it ends before the content Muster signed",
  report_extended: "{extra} byte(s) were added to the end of this {format} file after Muster signed it",
  report_tampered: "this {format} file was changed after Muster signed it: its signature does not match its content",
  report_signature_damaged: "the signature of this {format} file was changed or damaged ({part}): it is not as Muster issued it",
  report_reformatted:
    "this JSON report was re-formatted or re-saved by another program: its content is as signed, but its bytes are not as Muster wrote them (ask for the file as issued)",
  not_a_fingerprint: "«{value}» is not a key fingerprint: give its 16 hex digits as Settings shows them (e.g. 3F2A 9C01 77DE 5B40), or all 64",
  bad_key_file: "the signing key {file} is not a readable Ed25519 key: move it away and a new key is made",
  key_file_open: "the signing key {file} can be read by other users (mode {mode}): make it private (chmod 600)",
  wrong_extension: "{file}: this file should end in .{want}, not .{got}",
  backup_exists: "{file} already exists: choose a new file name for the backup",
  already_exists: "{what} {key} already exists",
  already_retired: "module {module} is already retired",
  last_contingent_in_use: "{contingent} is the last contingent in use: add the next rotation before archiving it",
  not_on_roster: "{service_number} is not on the roster of {contingent}",
  already_on_roster: "{service_number} is already on the roster of {contingent}",
  voided_cannot_amend: "record {id} was voided and cannot be amended",
  already_amended: "record {id} was already amended by {by}: amend that one",
  already_voided: "record {id} is already voided",
  amended_cannot_void: "record {id} was amended by {by}: void that one",
  import_already_undone: "import #{id} ({file}) was already undone {at} by {who}; nothing was changed",
  import_corrected_since:
    "import #{id}: {count} of its records were corrected since (first correction: {first}); void those corrections first if they are wrong too; nothing was changed",
  not_a_workbook: "{file}: not a readable workbook ({detail}); save it from Excel as .xlsx, or as CSV",
  no_such_sheet: "{file}: no sheet named «{sheet}» (the sheets are: {sheets})",
  empty_sheet: "{file}: sheet «{sheet}» is empty (row 1 should name the columns)",
  empty_file: "{file}: the file is empty (line 1 should name the columns)",
  missing_column: "column «{field}» is missing from the header row (it may also be titled «{title}»)",
  duplicate_column: "columns {first} and {second} both hold {field}: keep one",
  unknown_column: "column {column} is not one Muster reads; it was ignored",
  no_rows: "the file has a header but no rows",
  repeated_service_number: "{value} appears again (first on line {first_line})",
  module_not_in_curriculum: "module «{module}» is not in the curriculum",
  no_such_soldier: "no soldier with service number «{value}» (import the roster first)",
  not_utf8: "the text is not UTF-8: choose the file's text encoding",
  not_in_encoding: "text that is not valid {encoding}: choose the file's text encoding",
  cell_time: "column {column}: the cell holds a time or duration ({value}), not a date",
  cell_duration: "column {column}: the cell holds a duration ({value}), not a value",
  cell_excel_error: "column {column}: the cell holds the Excel error {value}",
  mixed_scripts: "{field} «{value}» mixes Latin and Cyrillic letters",
  not_in_file: "on the roster of {contingent} but not in this file: {count} ({service_numbers}); they stay on the roster: take anyone no longer deploying off it on their screen",
  already_imported: "this file was already imported as #{id} {at} by {by}; records it holds are not added twice",
  unknown_columns: "{count} columns are not ones Muster reads; they were ignored: {columns}",
  cells_beyond_header: "{count} filled cell(s) beyond the last column title ({columns}): «{value}» (a separator inside a value that should have been quoted?)",
  no_sheets: "{file}: the workbook has no sheets",
  unreadable_sheet: "{file}: cannot read sheet «{sheet}»: {detail}",
  too_many_columns: "{file}: line {line} has more than {max} columns (Excel's limit); the file was refused",
  cell_too_long: "{file}: line {line}, column {column}: a cell of {chars} characters, more than {max} (Excel's limit); the file was refused",
  row_too_long: "{file}: line {line}: a row of more than {max_mib} MiB of text (a quote that is never closed?); the file was refused",
  too_many_rows: "{file}: sheet «{sheet}» goes on past row {max}, the last one Muster reads; the file was refused",
  too_many_cells: "{file}: sheet «{sheet}» holds more than {max} cells (each row counted to its last filled cell); the file was refused",
  too_many_parts: "{file}: the workbook is made of more than {max} parts; the file was refused",
  unpacked_too_large: "{file}: the workbook unpacks to more than {max_mib} MiB; the file was refused",
  part_too_large: "{file}: part {part} of the workbook unpacks to more than {max_mib} MiB; the file was refused",
  xml_item_too_long: "{file}: part {part} of the workbook holds one tag or run of text longer than {max_mib} MiB; the file was refused",
  too_many_shared_strings: "{file}: the workbook's table of shared text holds more than {max} strings; the file was refused",
  too_many_sheets: "{file}: the workbook holds more than {max} sheets; the file was refused",
  xls_too_large: "{file}: an Excel 97-2003 workbook larger than {max_mib} MiB; the file was refused (save it as .xlsx)",
  service_number_mixes_scripts: "service number «{value}» mixes alphabets ({letters}): type it in one alphabet",
  looks_like: "{value} looks like {existing}: {letters} (a look-alike letter would make a second person; type the number as it is on file)",
  newer_database: "the database {file} was written by a newer version of Muster (schema {found}; this one knows up to {known}). It was left untouched: install the newer Muster.",
  cannot_open_database: "cannot open the database {file}: {detail}",
  cannot_back_up: "cannot back up {file} before upgrading it: {detail}; nothing was changed",
  not_a_database: "{file} is not a Muster database (not an SQLite file); it was left untouched",
  foreign_database: "{file} is not a Muster database ({reason}); it was left untouched",
  no_database: "there is no database at {file}",
  read_only_needs_upgrade: "{file} is a read-only copy made by an older Muster (schema {found}; this one needs {known}). Copy it to a folder you can write to and open it there to upgrade it.",
  read_only_database: "this database is a read-only copy: nothing can be changed in it. Copy it to a folder you can write to first.",
  would_overwrite_database: "{file} is a database (or one of its side files): Muster never writes over a database. Choose another file name.",
  records_tampered: "the records in {file} were changed outside Muster ({count} problems found); nothing can be written to it until this is settled",
  not_a_bundle: "{file} is not a Muster sync bundle ({detail}); nothing was imported",
  bundle_tampered: "the bundle {file} was changed after it was signed, or damaged: its signature or content does not check out; nothing was imported",
  newer_bundle: "the bundle {file} was written by a newer Muster (bundle format {found}, this one reads up to {known}); nothing was imported: install the newer Muster",
  unknown_sender: "this bundle is signed by a key this database does not know: {fingerprint} ({name}); compare the fingerprint with its sender, then confirm the key by a name",
  bundle_incomplete: "the bundle names {what} {key}, which it does not carry and this database does not hold; nothing was imported",
  sync_conflict: "record {record} was corrected differently on two installations ({detail}); settling such conflicts is not built yet, so nothing was imported",
};

const ru: Sentences = {
  empty: "не заполнено поле «{field}»",
  too_long: "поле «{field}» длиннее {max} символов",
  control_character: "в поле «{field}» невидимый или управляющий символ ({code_point}): наберите его заново",
  space_in_service_number: "в личном номере «{value}» есть пробел",
  not_a_number: "{field}: «{value}» — не число",
  out_of_range: "{field} {value} вне пределов {min}–{max}",
  not_a_category: "категория «{value}» — не офицер, сержант или солдат",
  not_a_category_empty: "не указана категория (офицер, сержант или солдат)",
  not_a_gender: "пол «{value}» — не Ж и не М",
  not_a_gender_empty: "не указан пол (Ж или М)",
  not_a_result: "результат «{value}» — не зачёт и не незачёт",
  not_a_result_empty: "не указан результат (зачёт или незачёт)",
  date_ambiguous: "дата «{value}» неоднозначна (день/месяц или месяц/день?): пишите дд.мм.гггг",
  date_format: "«{value}» — не дата: пишите дд.мм.гггг",
  date_not_in_calendar: "даты «{value}» нет в календаре",
  date_in_future: "дата {date} ещё не наступила: занятие записывают после его проведения",
  date_before1970: "дата {date} раньше 1970 года",
  below_pass_mark: "оценка {score} ниже проходного балла {mark} модуля {module}, а результат — зачёт",
  module_retired: "модуль {module} выведен из программы: новые записи по нему не добавляются",
  validity_zero: "срок действия — не меньше 1 месяца (или бессрочно)",
  bad_contingent_code: "код контингента «{value}» может содержать только буквы, цифры, '-', '_' и '.'",
  bad_module_code: "код модуля «{value}» может содержать только буквы, цифры, '-' и '_'",
  deploy_before_start: "дата отправки {deploy_on} раньше начала подготовки {training_start}",
  no_attendees: "нет участников: отметьте хотя бы одного человека",
  listed_twice: "{service_number} указан дважды для {module}",
  two_individual_results: "у {service_number} два индивидуальных результата; ничего не сохранено",
  result_for_absent: "у {service_number} есть индивидуальный результат, но его нет среди участников; ничего не сохранено",
  unknown_attendees: "нет военнослужащего с личным номером {service_numbers} (проверьте номер или сначала импортируйте список); ничего не сохранено",
  not_a_record_id: "«{value}» — не номер записи: укажите его полностью или хотя бы последние 8 знаков",
  ambiguous_record_id: "номеру записи «{value}» соответствует несколько записей ({count}): {candidates}; укажите номер полностью",
  not_found: "не найдено: {what} «{key}»",
  no_operator: "сначала укажите своё имя в настройках: каждая запись хранит, кто её сделал",
  no_save_location: "выберите, куда сохранить файл",
  no_file_chosen: "сначала выберите файл",
  unsigned_working_copy:
    "этот {format} — неутверждённая рабочая копия: комиссия его не утверждала, отчёт не зафиксирован, сравнивать записи не с чем (подпись Muster на файле верна; запишите решение о проверке и сохраните отчёт снова или проверьте его JSON)",
  never_signed_off: "этот отчёт в этой базе данных не утверждался: по PDF или HTML можно проверить только утверждённый отчёт (проверьте его JSON)",
  not_a_report: "файл — не отчёт Muster (PDF, HTML или JSON)",
  report_unsigned: "на этом файле {format} нет подписи Muster: Muster его не выдавал, или файл обрезан или пересохранён другой программой",
  report_truncated: "файл {format} обрезан: он кончается раньше содержимого, подписанного Muster",
  report_extended: "в конец файла {format} после подписи Muster добавлено байт: {extra}",
  report_tampered: "файл {format} изменён после подписи Muster: подпись не соответствует содержимому",
  report_signature_damaged: "подпись файла {format} изменена или повреждена ({part}): файл не такой, каким его выдал Muster",
  report_reformatted:
    "JSON-отчёт переформатирован или пересохранён другой программой: содержимое совпадает с подписанным, но байты не те, что записал Muster (попросите файл в выданном виде)",
  not_a_fingerprint: "«{value}» — не отпечаток ключа: введите 16 шестнадцатеричных цифр, как в настройках (например, 3F2A 9C01 77DE 5B40), или все 64",
  bad_key_file: "ключ подписи {file} не читается как ключ Ed25519: уберите файл, и будет создан новый ключ",
  key_file_open: "ключ подписи {file} доступен для чтения другим пользователям (права {mode}): закройте доступ (chmod 600)",
  wrong_extension: "{file}: имя такого файла должно оканчиваться на .{want}, а не .{got}",
  backup_exists: "{file} уже существует: выберите для копии новое имя файла",
  already_exists: "{what} {key} уже существует",
  already_retired: "модуль {module} уже выведен из программы",
  last_contingent_in_use: "{contingent} — последний используемый контингент: сначала добавьте следующую ротацию, затем отправляйте его в архив",
  not_on_roster: "{service_number} не числится в списке {contingent}",
  already_on_roster: "{service_number} уже числится в списке {contingent}",
  voided_cannot_amend: "запись {id} аннулирована, её нельзя исправить",
  already_amended: "запись {id} уже исправлена записью {by}: исправляйте ту",
  already_voided: "запись {id} уже аннулирована",
  amended_cannot_void: "запись {id} исправлена записью {by}: аннулируйте ту",
  import_already_undone: "импорт №{id} ({file}) уже отменён {at}, отменил {who}; ничего не изменено",
  import_corrected_since:
    "импорт №{id}: {count} его записей с тех пор исправлены (первое исправление: {first}); сначала аннулируйте эти исправления, если они тоже неверны; ничего не изменено",
  not_a_workbook: "{file}: книга не читается ({detail}); сохраните её из Excel как .xlsx или как CSV",
  no_such_sheet: "{file}: нет листа «{sheet}» (листы: {sheets})",
  empty_sheet: "{file}: лист «{sheet}» пуст (в строке 1 должны быть названия столбцов)",
  empty_file: "{file}: файл пуст (в строке 1 должны быть названия столбцов)",
  missing_column: "в строке заголовков нет столбца «{field}» (его можно назвать и «{title}»)",
  duplicate_column: "столбцы {first} и {second} оба содержат {field}: оставьте один",
  unknown_column: "столбец {column} Muster не читает; он пропущен",
  no_rows: "в файле есть заголовок, но нет строк",
  repeated_service_number: "{value} встречается повторно (впервые в строке {first_line})",
  module_not_in_curriculum: "модуля «{module}» нет в программе",
  no_such_soldier: "нет военнослужащего с личным номером «{value}» (сначала импортируйте список)",
  not_utf8: "текст не в кодировке UTF-8: выберите кодировку файла",
  not_in_encoding: "текст не в кодировке {encoding}: выберите кодировку файла",
  cell_time: "столбец {column}: в ячейке время или длительность ({value}), а не дата",
  cell_duration: "столбец {column}: в ячейке длительность ({value}), а не значение",
  cell_excel_error: "столбец {column}: в ячейке ошибка Excel {value}",
  mixed_scripts: "{field} «{value}»: смешаны латинские и кириллические буквы",
  not_in_file: "в списке {contingent} есть люди, которых нет в этом файле ({count}: {service_numbers}); они остаются в списке: исключите тех, кто не едет, на их странице",
  already_imported: "этот файл уже импортирован как №{id} {at}, импортировал {by}; его записи не добавляются повторно",
  unknown_columns: "столбцов, которые Muster не читает: {count}; они пропущены: {columns}",
  cells_beyond_header: "заполненных ячеек правее последнего заголовка: {count} ({columns}): «{value}» (разделитель внутри значения, которое нужно было взять в кавычки?)",
  no_sheets: "{file}: в книге нет листов",
  unreadable_sheet: "{file}: не удаётся прочитать лист «{sheet}»: {detail}",
  too_many_columns: "{file}: в строке {line} больше {max} столбцов (предел Excel); файл отклонён",
  cell_too_long: "{file}: строка {line}, столбец {column}: в ячейке {chars} символов, больше {max} (предел Excel); файл отклонён",
  row_too_long: "{file}: строка {line}: в строке больше {max_mib} МиБ текста (кавычка не закрыта?); файл отклонён",
  too_many_rows: "{file}: лист «{sheet}» продолжается за строкой {max}, последней, которую читает Muster; файл отклонён",
  too_many_cells: "{file}: на листе «{sheet}» больше {max} ячеек (каждая строка считается до последней заполненной ячейки); файл отклонён",
  too_many_parts: "{file}: книга состоит из более чем {max} частей; файл отклонён",
  unpacked_too_large: "{file}: книга распаковывается больше чем в {max_mib} МиБ; файл отклонён",
  part_too_large: "{file}: часть книги {part} распаковывается больше чем в {max_mib} МиБ; файл отклонён",
  xml_item_too_long: "{file}: в части книги {part} тег или фрагмент текста длиннее {max_mib} МиБ; файл отклонён",
  too_many_shared_strings: "{file}: в таблице общих строк книги больше {max} строк; файл отклонён",
  too_many_sheets: "{file}: в книге больше {max} листов; файл отклонён",
  xls_too_large: "{file}: книга Excel 97-2003 больше {max_mib} МиБ; файл отклонён (сохраните её как .xlsx)",
  service_number_mixes_scripts: "в личном номере «{value}» смешаны алфавиты ({letters}): наберите его в одном алфавите",
  looks_like: "{value} похож на {existing}: {letters} (похожая буква создала бы второго человека; наберите номер так, как он записан)",
  newer_database: "база данных {file} записана более новой версией Muster (схема {found}; эта версия знает до {known}). Файл не изменён: установите новую версию Muster.",
  cannot_open_database: "не удаётся открыть базу данных {file}: {detail}",
  cannot_back_up: "не удаётся сделать резервную копию {file} перед обновлением: {detail}; ничего не изменено",
  not_a_database: "{file} — не база данных Muster (это не файл SQLite); файл не изменён",
  foreign_database: "{file} — не база данных Muster ({reason}); файл не изменён",
  no_database: "базы данных {file} нет",
  read_only_needs_upgrade: "{file} — копия только для чтения, записанная старой версией Muster (схема {found}; нужна {known}). Скопируйте её в папку, доступную для записи, и откройте там, чтобы обновить.",
  read_only_database: "эта база данных — копия только для чтения: изменить в ней ничего нельзя. Сначала скопируйте её в папку, доступную для записи.",
  would_overwrite_database: "{file} — база данных (или её служебный файл): Muster никогда не записывает поверх базы данных. Выберите другое имя файла.",
  records_tampered: "записи в {file} изменены в обход Muster (найдено проблем: {count}); пока это не выяснено, записывать в файл ничего нельзя",
  not_a_bundle: "{file} — не пакет синхронизации Muster ({detail}); ничего не импортировано",
  bundle_tampered: "пакет {file} изменён после подписи или повреждён: подпись или содержимое не сходятся; ничего не импортировано",
  newer_bundle: "пакет {file} записан более новой версией Muster (формат пакета {found}, эта версия читает до {known}); ничего не импортировано: установите новую версию Muster",
  unknown_sender: "пакет подписан ключом, которого эта база данных не знает: {fingerprint} ({name}); сверьте отпечаток с отправителем, затем подтвердите ключ, дав ему имя",
  bundle_incomplete: "пакет ссылается на {what} {key}, которого нет ни в пакете, ни в этой базе данных; ничего не импортировано",
  sync_conflict: "запись {record} исправлена по-разному на двух установках ({detail}); разрешение таких конфликтов пока не сделано, поэтому ничего не импортировано",
};

const kk: Sentences = {
  empty: "«{field}» өрісі толтырылмаған",
  too_long: "«{field}» өрісі {max} таңбадан ұзын",
  control_character: "«{field}» өрісінде көрінбейтін немесе басқару таңбасы бар ({code_point}): қайта теріңіз",
  space_in_service_number: "«{value}» жеке нөмірінде бос орын бар",
  not_a_number: "{field}: «{value}» сан емес",
  out_of_range: "{field} {value} {min}–{max} аралығынан тыс",
  not_a_category: "«{value}» санаты офицер, сержант не сарбаз емес",
  not_a_category_empty: "санат көрсетілмеген (офицер, сержант не сарбаз)",
  not_a_gender: "«{value}» жынысы Ә немесе Е емес",
  not_a_gender_empty: "жынысы көрсетілмеген (Ә немесе Е)",
  not_a_result: "«{value}» нәтижесі «өтті» не «өтпеді» емес",
  not_a_result_empty: "нәтиже көрсетілмеген (өтті не өтпеді)",
  date_ambiguous: "«{value}» күні екіұшты (күн/ай ма, ай/күн бе?): кк.аа.жжжж түрінде жазыңыз",
  date_format: "«{value}» күн емес: кк.аа.жжжж түрінде жазыңыз",
  date_not_in_calendar: "«{value}» күні күнтізбеде жоқ",
  date_in_future: "{date} күні әлі келген жоқ: сабақ өткеннен кейін жазылады",
  date_before1970: "{date} күні 1970 жылдан ерте",
  below_pass_mark: "{score} бағасы {module} модулінің {mark} өту балынан төмен, ал нәтиже — өтті",
  module_retired: "{module} модулі бағдарламадан шығарылған: оған жаңа жазба қосылмайды",
  validity_zero: "жарамдылық мерзімі кемінде 1 ай (немесе мерзімсіз)",
  bad_contingent_code: "«{value}» контингент коды тек әріп, сан, '-', '_' және '.' таңбаларынан тұруы керек",
  bad_module_code: "«{value}» модуль коды тек әріп, сан, '-' және '_' таңбаларынан тұруы керек",
  deploy_before_start: "{deploy_on} жөнелту күні {training_start} дайындық басталуынан ерте",
  no_attendees: "қатысушы жоқ: кемінде бір адамды белгілеңіз",
  listed_twice: "{service_number} {module} үшін екі рет көрсетілген",
  two_individual_results: "{service_number} үшін екі жеке нәтиже бар; ештеңе сақталмады",
  result_for_absent: "{service_number} үшін жеке нәтиже бар, бірақ ол қатысушылар арасында жоқ; ештеңе сақталмады",
  unknown_attendees: "{service_numbers} жеке нөмірлі әскери қызметші жоқ (нөмірді тексеріңіз не алдымен тізімді импорттаңыз); ештеңе сақталмады",
  not_a_record_id: "«{value}» жазба нөмірі емес: оны толық немесе кемінде соңғы 8 таңбасын көрсетіңіз",
  ambiguous_record_id: "«{value}» жазба нөміріне бірнеше жазба ({count}) сәйкес келеді: {candidates}; нөмірді толық көрсетіңіз",
  not_found: "табылмады: {what} «{key}»",
  no_operator: "алдымен баптауларда атыңызды енгізіңіз: әр жазба оны кім жасағанын сақтайды",
  no_save_location: "файлды қайда сақтау керегін таңдаңыз",
  no_file_chosen: "алдымен файлды таңдаңыз",
  unsigned_working_copy:
    "бұл {format} — бекітілмеген жұмыс көшірмесі: комиссия оны бекітпеген, есеп бекітілмеген, жазбаларды салыстыратын ештеңе жоқ (файлдағы Muster қолтаңбасы дұрыс; тексеру шешімін жазып, есепті қайта сақтаңыз немесе оның JSON-ын тексеріңіз)",
  never_signed_off: "бұл есеп осы дерекқорда бекітілмеген: PDF не HTML бойынша тек бекітілген есепті тексеруге болады (оның JSON-ын тексеріңіз)",
  not_a_report: "файл Muster есебі емес (PDF, HTML немесе JSON)",
  report_unsigned: "бұл {format} файлында Muster қолтаңбасы жоқ: оны Muster бермеген, не файл қысқартылған немесе басқа бағдарламамен қайта сақталған",
  report_truncated: "{format} файлы қысқартылған: Muster қол қойған мазмұннан бұрын аяқталады",
  report_extended: "Muster қол қойғаннан кейін {format} файлының соңына байт қосылған: {extra}",
  report_tampered: "{format} файлы Muster қол қойғаннан кейін өзгертілген: қолтаңба мазмұнына сәйкес келмейді",
  report_signature_damaged: "{format} файлының қолтаңбасы өзгертілген немесе бүлінген ({part}): файл Muster бергендей емес",
  report_reformatted:
    "JSON есебі басқа бағдарламамен қайта пішімделген немесе қайта сақталған: мазмұны қол қойылғандай, бірақ байттары Muster жазғандай емес (файлды берілген күйінде сұраңыз)",
  not_a_fingerprint: "«{value}» — кілт саусақ ізі емес: баптаулардағыдай 16 он алтылық цифрды (мысалы, 3F2A 9C01 77DE 5B40) немесе барлық 64-ін енгізіңіз",
  bad_key_file: "{file} қолтаңба кілті Ed25519 кілті ретінде оқылмайды: файлды алып тастаңыз, жаңа кілт жасалады",
  key_file_open: "{file} қолтаңба кілтін басқа пайдаланушылар оқи алады (рұқсаттар {mode}): қолжетімділікті жабыңыз (chmod 600)",
  wrong_extension: "{file}: мұндай файлдың аты .{got} емес, .{want} жалғауымен аяқталуы керек",
  backup_exists: "{file} бұрыннан бар: көшірме үшін жаңа файл атын таңдаңыз",
  already_exists: "{what} {key} бұрыннан бар",
  already_retired: "{module} модулі бағдарламадан бұрын шығарылған",
  last_contingent_in_use: "{contingent} — қолданыстағы соңғы контингент: мұрағатқа жібермес бұрын келесі ротацияны қосыңыз",
  not_on_roster: "{service_number} {contingent} тізімінде жоқ",
  already_on_roster: "{service_number} {contingent} тізімінде бұрыннан бар",
  voided_cannot_amend: "{id} жазбасы жойылған, оны түзетуге болмайды",
  already_amended: "{id} жазбасы {by} жазбасымен түзетілген: соны түзетіңіз",
  already_voided: "{id} жазбасы бұрын жойылған",
  amended_cannot_void: "{id} жазбасы {by} жазбасымен түзетілген: соны жойыңыз",
  import_already_undone: "№{id} импорт ({file}) {at} бұрын болдырылмаған, {who}; ештеңе өзгертілмеді",
  import_corrected_since:
    "№{id} импорт: оның {count} жазбасы содан бері түзетілген (алғашқы түзету: {first}); олар да қате болса, алдымен сол түзетулерді жойыңыз; ештеңе өзгертілмеді",
  not_a_workbook: "{file}: кітап оқылмайды ({detail}); оны Excel-ден .xlsx не CSV ретінде сақтаңыз",
  no_such_sheet: "{file}: «{sheet}» парағы жоқ (парақтар: {sheets})",
  empty_sheet: "{file}: «{sheet}» парағы бос (1-жолда баған атаулары болуы керек)",
  empty_file: "{file}: файл бос (1-жолда баған атаулары болуы керек)",
  missing_column: "тақырып жолында «{field}» бағаны жоқ (оны «{title}» деп те атауға болады)",
  duplicate_column: "{first} және {second} бағандарының екеуінде де {field}: біреуін қалдырыңыз",
  unknown_column: "{column} бағанын Muster оқымайды; ол өткізілді",
  no_rows: "файлда тақырып бар, бірақ жолдар жоқ",
  repeated_service_number: "{value} қайталанады (алғаш {first_line}-жолда)",
  module_not_in_curriculum: "«{module}» модулі бағдарламада жоқ",
  no_such_soldier: "«{value}» жеке нөмірлі әскери қызметші жоқ (алдымен тізімді импорттаңыз)",
  not_utf8: "мәтін UTF-8 кодтауында емес: файлдың кодтауын таңдаңыз",
  not_in_encoding: "мәтін {encoding} кодтауында емес: файлдың кодтауын таңдаңыз",
  cell_time: "{column} бағаны: ұяшықта күн емес, уақыт не ұзақтық ({value})",
  cell_duration: "{column} бағаны: ұяшықта мән емес, ұзақтық ({value})",
  cell_excel_error: "{column} бағаны: ұяшықта Excel қатесі {value}",
  mixed_scripts: "{field} «{value}»: латын және кирилл әріптері араласқан",
  not_in_file: "{contingent} тізіміндегі {count} адам бұл файлда жоқ ({service_numbers}); олар тізімде қалады: бармайтындарды өз беттерінде тізімнен шығарыңыз",
  already_imported: "бұл файл бұрын №{id} ретінде импортталған, {at}, {by}; оның жазбалары қайта қосылмайды",
  unknown_columns: "Muster оқымайтын бағандар: {count}; олар өткізілді: {columns}",
  cells_beyond_header: "соңғы баған атауынан оң жақта толтырылған ұяшықтар: {count} ({columns}): «{value}» (тырнақшаға алынуы тиіс мәннің ішіндегі бөлгіш пе?)",
  no_sheets: "{file}: кітапта парақ жоқ",
  unreadable_sheet: "{file}: «{sheet}» парағын оқу мүмкін емес: {detail}",
  too_many_columns: "{file}: {line}-жолда {max} бағаннан көп (Excel шегі); файл қабылданбады",
  cell_too_long: "{file}: {line}-жол, {column} бағаны: ұяшықта {chars} таңба, {max} таңбадан көп (Excel шегі); файл қабылданбады",
  row_too_long: "{file}: {line}-жол: жолда {max_mib} МиБ-тан көп мәтін (тырнақша жабылмаған ба?); файл қабылданбады",
  too_many_rows: "{file}: «{sheet}» парағы Muster оқитын соңғы {max}-жолдан әрі жалғасады; файл қабылданбады",
  too_many_cells: "{file}: «{sheet}» парағында {max} ұяшықтан көп (әр жол соңғы толтырылған ұяшығына дейін саналады); файл қабылданбады",
  too_many_parts: "{file}: кітап {max} бөліктен көп бөліктен тұрады; файл қабылданбады",
  unpacked_too_large: "{file}: кітап ашылғанда {max_mib} МиБ-тан асады; файл қабылданбады",
  part_too_large: "{file}: кітаптың {part} бөлігі ашылғанда {max_mib} МиБ-тан асады; файл қабылданбады",
  xml_item_too_long: "{file}: кітаптың {part} бөлігінде {max_mib} МиБ-тан ұзын тег не мәтін үзіндісі бар; файл қабылданбады",
  too_many_shared_strings: "{file}: кітаптың ортақ жолдар кестесінде {max} жолдан көп; файл қабылданбады",
  too_many_sheets: "{file}: кітапта {max} парақтан көп; файл қабылданбады",
  xls_too_large: "{file}: {max_mib} МиБ-тан үлкен Excel 97-2003 кітабы; файл қабылданбады (оны .xlsx ретінде сақтаңыз)",
  service_number_mixes_scripts: "«{value}» жеке нөмірінде әліпбилер араласқан ({letters}): оны бір әліпбимен теріңіз",
  looks_like: "{value} нөмірі {existing} нөміріне ұқсас: {letters} (ұқсас әріп екінші адамды жасар еді; нөмірді жазылғандай теріңіз)",
  newer_database: "{file} дерекқорын Muster-дің жаңа нұсқасы жазған (сұлба {found}; бұл нұсқа {known} дейін біледі). Файл өзгертілмеді: Muster-дің жаңа нұсқасын орнатыңыз.",
  cannot_open_database: "{file} дерекқорын ашу мүмкін емес: {detail}",
  cannot_back_up: "{file} жаңартудан бұрын резервтік көшірмесін жасау мүмкін емес: {detail}; ештеңе өзгертілмеді",
  not_a_database: "{file} — Muster дерекқоры емес (SQLite файлы емес); файл өзгертілмеді",
  foreign_database: "{file} — Muster дерекқоры емес ({reason}); файл өзгертілмеді",
  no_database: "{file} дерекқоры жоқ",
  read_only_needs_upgrade: "{file} — Muster-дің ескі нұсқасы жазған, тек оқуға арналған көшірме (сұлба {found}; керегі {known}). Жаңарту үшін оны жазуға болатын қалтаға көшіріп, сол жерде ашыңыз.",
  read_only_database: "бұл дерекқор тек оқуға арналған көшірме: онда ештеңені өзгертуге болмайды. Алдымен оны жазуға болатын қалтаға көшіріңіз.",
  would_overwrite_database: "{file} — дерекқор (немесе оның қосалқы файлы): Muster ешқашан дерекқордың үстіне жазбайды. Басқа файл атын таңдаңыз.",
  records_tampered: "{file} ішіндегі жазбалар Muster-ден тыс өзгертілген (табылған мәселелер: {count}); бұл анықталғанша файлға ештеңе жазылмайды",
  not_a_bundle: "{file} — Muster синхрондау пакеті емес ({detail}); ештеңе импортталмады",
  bundle_tampered: "{file} пакеті қол қойылғаннан кейін өзгертілген немесе зақымдалған: қолтаңбасы не мазмұны сәйкес келмейді; ештеңе импортталмады",
  newer_bundle: "{file} пакетін Muster-дің жаңа нұсқасы жазған (пакет пішімі {found}, бұл нұсқа {known} дейін оқиды); ештеңе импортталмады: Muster-дің жаңа нұсқасын орнатыңыз",
  unknown_sender: "пакетке бұл дерекқор білмейтін кілт қол қойған: {fingerprint} ({name}); саусақ ізін жіберушімен салыстырыңыз, содан кейін кілтке атау беріп, оны растаңыз",
  bundle_incomplete: "пакет {what} {key} дегенге сілтейді, ол пакетте де, бұл дерекқорда да жоқ; ештеңе импортталмады",
  sync_conflict: "{record} жазбасы екі орнатымда әртүрлі түзетілген ({detail}); мұндай қайшылықтарды шешу әлі жасалмаған, сондықтан ештеңе импортталмады",
};

const SENTENCES: Record<Lang, Sentences> = { en, ru, kk };

/** The label each screen shows for a field the core names (`Field`, generated from the core). */
const FIELD_LABELS: Record<Field, Key> = {
  service_number: "service_number",
  family_name: "family_name",
  given_name: "given_name",
  patronymic: "patronymic",
  rank: "rank",
  category: "category",
  gender: "gender",
  role: "role",
  unit: "unit",
  module: "module",
  date: "date",
  result: "result",
  score: "score",
  hours: "hours",
  instructor: "instructor",
  notes: "notes",
  reason: "reason",
  module_code: "code",
  title: "title",
  title_ru: "title_ru",
  title_kk: "title_kk",
  pass_mark: "pass_mark",
  validity_months: "validity",
  applies_to: "applies_to",
  per_rotation: "per_rotation",
  contingent_code: "code",
  name: "name",
  mission: "mission",
  parent_unit: "parent_unit",
  tour_months: "tour_months",
  training_start: "training_start",
  deploy_on: "deploy_on",
  report_date: "report_date",
  as_of: "as_of_label",
  operator: "operator",
  team: "validation_team",
  validator: "validator_name",
  training_officer: "sig_training_officer",
  company_commander: "sig_commander",
  key_name: "key_name",
};

/** What was not found, as a noun the sentence can start with. */
const WHAT: Record<Lang, Record<string, string>> = {
  en: {},
  ru: {
    "soldier with service number": "военнослужащий с личным номером",
    contingent: "контингент",
    module: "модуль",
    record: "запись",
    import: "импорт",
  },
  kk: {
    "soldier with service number": "жеке нөмірлі әскери қызметші",
    contingent: "контингент",
    module: "модуль",
    record: "жазба",
    import: "импорт",
  },
};

/** A field's label. The activity log still names changed fields by the store's column
 *  names (the same words as `Field` where there is one), hence `string` too. */
export function fieldLabel(field: Field | string, t: T): string {
  const key: Key | undefined = FIELD_LABELS[field as Field];
  return key ? t(key) : field;
}

/** One problem as a sentence in the language of `t`, starting with a capital. */
export function problemText(p: Problem, t: T): string {
  const s = sentence(p, t);
  return s.charAt(0).toLocaleUpperCase(t.lang) + s.slice(1);
}

function sentence(p: Problem, t: T): string {
  const lang = t.lang;
  switch (p.code) {
    case "other":
      return p.message;
    case "in_field":
      return `${fieldLabel(p.field, t)}: ${sentence(p.problem, t)}`;
    default: {
      const key = variant(p);
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(p)) {
        if (k === "code") continue;
        values[k] = shown(k, String(v), t, lang);
      }
      return fill(SENTENCES[lang][key] ?? en[key], values);
    }
  }
}

function variant(p: Exclude<Problem, { code: "other" | "in_field" }>): keyof Sentences {
  switch (p.code) {
    case "not_a_category":
    case "not_a_gender":
    case "not_a_result":
      return p.value === "" ? `${p.code}_empty` : p.code;
    case "cell_not_a_value":
      return p.kind === "time" ? "cell_time" : p.kind === "duration" ? "cell_duration" : "cell_excel_error";
    default:
      return p.code;
  }
}

/** A count with the language's digit grouping (16,384; 16 384). */
function formatCount(v: string, lang: Lang): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  return n.toLocaleString(lang === "en" ? "en-GB" : lang === "ru" ? "ru-RU" : "kk-KZ");
}

/** A value as the sentence shows it: field names as labels, dates the language's way. */
function shown(key: string, v: string, t: T, lang: Lang): string {
  switch (key) {
    case "field":
      return fieldLabel(v, t);
    case "date":
    case "deploy_on":
    case "training_start":
      return formatDate(v, lang);
    case "at":
      return formatStamp(v, lang);
    case "what":
      return WHAT[lang][v] ?? v;
    case "max":
    case "chars":
    case "count":
      return formatCount(v, lang);
    default:
      return v;
  }
}
