/**
 * Small closed word classes, hand-curated (English and Spanish, without accents): months,
 * number words, titles, greetings, relationship words and the words that announce an
 * identifier. They drive the context rules.
 */

/** month name or abbreviation -> month number. Ambiguous ones ("may", "mar") need a day or year beside them. */
export const MONTHS: ReadonlyMap<string, number> = new Map([
  ["january", 1], ["jan", 1], ["february", 2], ["feb", 2], ["march", 3], ["mar", 3], ["april", 4], ["apr", 4],
  ["may", 5], ["june", 6], ["jun", 6], ["july", 7], ["jul", 7], ["august", 8], ["aug", 8], ["september", 9],
  ["sep", 9], ["sept", 9], ["october", 10], ["oct", 10], ["november", 11], ["nov", 11], ["december", 12],
  ["dec", 12], ["enero", 1], ["ene", 1], ["febrero", 2], ["marzo", 3], ["abril", 4], ["abr", 4], ["mayo", 5],
  ["junio", 6], ["julio", 7], ["agosto", 8], ["ago", 8], ["septiembre", 9], ["setiembre", 9], ["octubre", 10],
  ["noviembre", 11], ["diciembre", 12], ["dic", 12],
]);
export const AMBIGUOUS_MONTHS = new Set(["may", "mar", "march", "jan", "jun", "june", "april", "august", "aug", "dec", "sep", "oct", "nov", "ago", "mayo", "julio", "ene", "abr"]);

export const WEEKDAYS = new Set([
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu",
  "thur", "thurs", "fri", "sat", "sun", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
]);

/** Number words -> value. "o"/"oh" count as zero only between other digits. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ["zero", 0], ["oh", 0], ["o", 0], ["one", 1], ["two", 2], ["three", 3], ["four", 4], ["five", 5], ["six", 6],
  ["seven", 7], ["eight", 8], ["nine", 9], ["ten", 10], ["eleven", 11], ["twelve", 12], ["thirteen", 13],
  ["fourteen", 14], ["fifteen", 15], ["sixteen", 16], ["seventeen", 17], ["eighteen", 18], ["nineteen", 19],
  ["twenty", 20], ["thirty", 30], ["forty", 40], ["fourty", 40], ["fifty", 50], ["sixty", 60], ["seventy", 70],
  ["eighty", 80], ["ninety", 90], ["hundred", 100], ["cero", 0], ["uno", 1], ["una", 1], ["un", 1], ["dos", 2],
  ["tres", 3], ["cuatro", 4], ["cinco", 5], ["seis", 6], ["siete", 7], ["ocho", 8], ["nueve", 9], ["diez", 10],
  ["once", 11], ["doce", 12], ["trece", 13], ["catorce", 14], ["quince", 15], ["dieciseis", 16], ["diecisiete", 17],
  ["dieciocho", 18], ["diecinueve", 19], ["veinte", 20], ["treinta", 30], ["cuarenta", 40], ["cincuenta", 50],
  ["sesenta", 60], ["setenta", 70], ["ochenta", 80], ["noventa", 90], ["cien", 100], ["ciento", 100],
  ["veintiuno", 21], ["veintidos", 22], ["veintitres", 23], ["veinticuatro", 24], ["veinticinco", 25],
  ["veintiseis", 26], ["veintisiete", 27], ["veintiocho", 28], ["veintinueve", 29], ["mil", 1000],
  ["novecientos", 900], ["ochocientos", 800],
]);

/** Ordinal words -> value (dates: "the fourteenth", "March third"). */
export const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ["first", 1], ["second", 2], ["third", 3], ["fourth", 4], ["fifth", 5], ["sixth", 6], ["seventh", 7],
  ["eighth", 8], ["ninth", 9], ["tenth", 10], ["eleventh", 11], ["twelfth", 12], ["thirteenth", 13],
  ["fourteenth", 14], ["fifteenth", 15], ["sixteenth", 16], ["seventeenth", 17], ["eighteenth", 18],
  ["nineteenth", 19], ["twentieth", 20], ["thirtieth", 30], ["primero", 1], ["primer", 1],
]);

/** Titles: the name follows, the title stays outside the span. */
export const TITLES = new Set([
  "dr", "dra", "doctor", "doctora", "mr", "mrs", "ms", "miss", "mx", "mister", "sr", "sra", "srta", "senor", "senora",
  "senorita", "don", "dona", "nurse", "enfermera", "enfermero", "prof", "professor", "rev", "pastor", "father",
  "padre", "sister", "hermana", "lic", "licenciado", "licenciada", "coach", "officer", "judge", "np", "pa", "rn", "lpn",
  "md", "do", "dds", "aunt", "uncle", "tia", "tio", "grandma", "grandpa", "abuela", "abuelo", "madam", "madame", "sir",
]);
/** Titles that are ordinary words unless a capitalised name follows ("nurse", "father", "do"). */
export const WEAK_TITLES = new Set([
  "doctor", "doctora", "nurse", "enfermera", "enfermero", "father", "padre", "sister", "hermana", "coach", "officer",
  "judge", "pastor", "np", "pa", "rn", "lpn", "md", "do", "dds", "aunt", "uncle", "tia", "tio", "grandma", "grandpa",
  "abuela", "abuelo", "don", "sir", "madam", "madame", "professor", "mister", "miss",
]);

export const GREETINGS = new Set([
  "hi", "hello", "hey", "dear", "hola", "buenos", "buenas", "good", "morning", "afternoon", "evening", "thanks", "thank",
  "gracias", "bye", "goodbye", "adios", "welcome", "bienvenido", "bienvenida", "estimado", "estimada", "querido",
  "querida", "congrats", "congratulations", "felicidades", "ok", "okay", "sorry", "yo", "hiya", "greetings", "saludos",
]);

/** Signs-off after which a name signs the message: "Thanks, Maria". */
export const SIGNOFFS = new Set([
  "thanks", "thank", "regards", "best", "sincerely", "cheers", "love", "gracias", "saludos", "atentamente", "atte",
  "cordialmente", "sincerely", "respectfully", "warmly", "xoxo", "signed",
]);

export const RELATIONS = new Set([
  "husband", "wife", "son", "daughter", "mother", "mom", "mum", "mommy", "mama", "father", "dad", "daddy", "papa",
  "brother", "sister", "grandma", "grandmother", "grandpa", "grandfather", "granddaughter", "grandson", "grandchild",
  "aunt", "uncle", "cousin", "niece", "nephew", "friend", "partner", "boyfriend", "girlfriend", "fiance", "fiancee",
  "caregiver", "baby", "kid", "child", "stepson", "stepdaughter", "stepmom", "stepdad", "roommate", "neighbor",
  "patient", "pt", "client", "resident", "member", "spouse", "sibling", "twin", "guardian", "parent",
  "esposo", "esposa", "marido", "mujer", "hijo", "hija", "hijito", "hijita", "mama", "mami", "papa", "papi", "madre",
  "padre", "hermano", "hermana", "abuela", "abuelo", "abuelita", "abuelito", "tia", "tio", "primo", "prima",
  "sobrino", "sobrina", "nieto", "nieta", "novio", "novia", "amigo", "amiga", "pareja", "suegra", "suegro",
  "cunado", "cunada", "bebe", "nino", "nina", "paciente", "vecino", "vecina",
]);

/** Words after which a name is introduced: "this is Will", "my name is", "me llamo", "soy". */
export const INTRODUCERS = new Set(["named", "name", "llamo", "llama", "soy", "nombre", "called", "habla", "apellido", "surname", "firstname", "lastname", "initials", "iniciales", "signed", "attn", "atencion", "re", "per", "cc"]);

/** Words that announce an identifier: the next number or code is an ID whatever its length. */
export const ID_CONTEXT = new Set([
  "mrn", "ssn", "ss", "social", "id", "ids", "identification", "member", "membership", "policy", "group", "account",
  "acct", "acc", "claim", "claims", "rx", "prescription", "order", "confirmation", "conf", "case", "ticket", "ref",
  "reference", "record", "records", "chart", "license", "licence", "lic", "plate", "plates", "serial", "sn", "s/n",
  "vin", "passport", "visa", "badge", "employee", "medicaid", "medicare", "insurance", "subscriber", "beneficiary",
  "certificate", "cert", "tracking", "invoice", "patient", "pin", "code", "npi", "dea", "ein", "tin", "itin",
  "expediente", "poliza", "cuenta", "numero", "num", "no", "nro", "folio", "licencia", "placa", "placas", "seguro",
  "afiliado", "afiliacion", "credencial", "cedula", "curp", "rfc", "pasaporte", "matricula", "registro", "clave",
  "dni", "nss", "#", "ending", "card", "tarjeta", "terminacion", "termina", "placas", "plates", "orders", "claims",
]);

/** Words that announce a phone or fax number. */
export const PHONE_CONTEXT = new Set([
  "phone", "ph", "tel", "telephone", "cell", "cellphone", "mobile", "fax", "call", "text", "txt", "reach", "contact",
  "number", "num", "no", "at", "dial", "telefono", "celular", "cel", "llame", "llamar", "llamame", "marque",
  "numero", "whatsapp", "wa", "landline", "home", "work", "ext", "extension",
]);

/** Units and words that make a number a quantity, a time or money rather than an identifier. */
export const QUANTITY_UNITS = new Set([
  "min", "mins", "minute", "minutes", "minuto", "minutos", "hr", "hrs", "hour", "hours", "hora", "horas", "sec",
  "secs", "second", "seconds", "day", "days", "dia", "dias", "week", "weeks", "wk", "wks", "semana", "semanas",
  "month", "months", "mes", "meses", "year", "years", "yr", "yrs", "ano", "anos", "am", "pm", "dollars", "dollar",
  "bucks", "usd", "cents", "pesos", "percent", "por", "steps", "pasos", "miles", "mile", "mi", "km", "ft", "feet",
  "foot", "inches", "inch", "in", "cm", "m", "meters", "people", "persons", "personas", "times", "veces", "x",
  "points", "pts", "calories", "cal", "kcal", "floor", "piso", "st", "nd", "rd", "th", "oz", "cups", "cup", "gal",
  "items", "pages", "page", "spots", "seats", "patients", "pacientes", "visits", "k",
]);

/** Units of doses and measurements: a number with one of these is health content. */
export const DOSE_UNITS = new Set([
  "mg", "mgs", "mcg", "ug", "g", "gm", "grams", "gram", "ml", "mls", "cc", "cl", "l", "units", "unit", "u", "iu",
  "meq", "mmol", "mmhg", "bpm", "tab", "tabs", "tablet", "tablets", "pill", "pills", "capsule", "capsules", "cap",
  "caps", "puff", "puffs", "drop", "drops", "gotas", "tabletas", "tableta", "pastilla", "pastillas", "capsulas",
  "unidades", "miligramos", "milligrams", "micrograms", "spray", "sprays", "patch", "patches", "injection", "injections",
  "mg/dl", "lbs", "lb", "pounds", "kg", "kilos", "libras", "degrees", "grados", "f", "c",
]);

/** Words that introduce a street: "I live at", "vivo en". */
export const ADDRESS_CONTEXT = new Set(["live", "lives", "living", "address", "addr", "vivo", "vive", "viven", "direccion", "domicilio", "moved", "mudamos", "home", "house", "casa"]);
