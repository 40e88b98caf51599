// What the core refused, said in the user's language. The core sends each problem as a
// code with its values (bindings/Problem.ts); a sentence per code and language lives
// here, and the type checker refuses a code without one. `{field}` is the field's label
// as the screens name it, dates are written the way the language writes them.
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
  unsigned_working_copy: "this PDF is an unsigned working copy: no report was frozen for it, so there is nothing to compare (record a validation decision, then save the report again)",
  not_a_muster_pdf: "this PDF carries no Muster report hash: it was not saved by Muster",
  never_signed_off: "this report was never signed off in this database: only a validated report can be checked from its PDF (check its JSON instead)",
  not_a_report: "the file is neither a PDF nor a JSON report",
  wrong_extension: "{file}: this file should end in .{want}, not .{got}",
  backup_exists: "{file} already exists: choose a new file name for the backup",
  already_exists: "{what} {key} already exists",
  already_retired: "module {module} is already retired",
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
  newer_database: "the database {file} was written by a newer version of Muster (schema {found}; this one knows up to {known}). It was left untouched: install the newer Muster.",
  cannot_open_database: "cannot open the database {file}: {detail}",
  cannot_back_up: "cannot back up {file} before upgrading it: {detail}; nothing was changed",
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
  unsigned_working_copy: "этот PDF — неподписанная рабочая копия: отчёт для него не зафиксирован, сравнивать не с чем (запишите решение о проверке, затем сохраните отчёт снова)",
  not_a_muster_pdf: "в этом PDF нет хеша отчёта Muster: он сохранён не Muster",
  never_signed_off: "этот отчёт в этой базе данных не утверждался: по PDF можно проверить только утверждённый отчёт (проверьте его JSON)",
  not_a_report: "файл — не PDF и не JSON-отчёт",
  wrong_extension: "{file}: имя такого файла должно оканчиваться на .{want}, а не .{got}",
  backup_exists: "{file} уже существует: выберите для копии новое имя файла",
  already_exists: "{what} {key} уже существует",
  already_retired: "модуль {module} уже выведен из программы",
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
  newer_database: "база данных {file} записана более новой версией Muster (схема {found}; эта версия знает до {known}). Файл не изменён: установите новую версию Muster.",
  cannot_open_database: "не удаётся открыть базу данных {file}: {detail}",
  cannot_back_up: "не удаётся сделать резервную копию {file} перед обновлением: {detail}; ничего не изменено",
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
  unsigned_working_copy: "бұл PDF — қол қойылмаған жұмыс көшірмесі: ол үшін есеп бекітілмеген, салыстыратын ештеңе жоқ (тексеру шешімін жазып, есепті қайта сақтаңыз)",
  not_a_muster_pdf: "бұл PDF-те Muster есебінің хеші жоқ: оны Muster сақтамаған",
  never_signed_off: "бұл есеп осы дерекқорда бекітілмеген: PDF бойынша тек бекітілген есепті тексеруге болады (оның JSON-ын тексеріңіз)",
  not_a_report: "файл PDF те, JSON есебі де емес",
  wrong_extension: "{file}: мұндай файлдың аты .{got} емес, .{want} жалғауымен аяқталуы керек",
  backup_exists: "{file} бұрыннан бар: көшірме үшін жаңа файл атын таңдаңыз",
  already_exists: "{what} {key} бұрыннан бар",
  already_retired: "{module} модулі бағдарламадан бұрын шығарылған",
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
  newer_database: "{file} дерекқорын Muster-дің жаңа нұсқасы жазған (сұлба {found}; бұл нұсқа {known} дейін біледі). Файл өзгертілмеді: Muster-дің жаңа нұсқасын орнатыңыз.",
  cannot_open_database: "{file} дерекқорын ашу мүмкін емес: {detail}",
  cannot_back_up: "{file} жаңартудан бұрын резервтік көшірмесін жасау мүмкін емес: {detail}; ештеңе өзгертілмеді",
};

const SENTENCES: Record<Lang, Sentences> = { en, ru, kk };

/** The core's field names (as the CLI and CSV headers use them) and the label each screen shows. */
const FIELD_LABELS: Record<string, Key> = {
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
  "module code": "code",
  "contingent code": "code",
  date: "date",
  result: "result",
  score: "score",
  hours: "hours",
  instructor: "instructor",
  notes: "notes",
  reason: "reason",
  title: "title",
  name: "name",
  mission: "mission",
  "parent unit": "parent_unit",
  "pass mark": "pass_mark",
  tour_months: "tour_months",
  "training start": "training_start",
  "deployment date": "deploy_on",
  "report date": "report_date",
  "operator name (--by)": "operator",
  team: "validation_team",
  validator: "validator_name",
  "training officer": "sig_training_officer",
  "company commander": "sig_commander",
  validity_months: "validity",
  applies_to: "applies_to",
  per_rotation: "per_rotation",
  pass_mark: "pass_mark",
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

export function fieldLabel(field: string, t: T): string {
  const key = FIELD_LABELS[field];
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
    default:
      return v;
  }
}
