/**
 * Health terms, hand-curated in plain language and clinical wording, English and Spanish
 * (written without accents; lookups fold diacritics). Entries are separated by "|" and may be
 * phrases. Condition names follow the wording of public-domain CDC/NIH (MedlinePlus) topic
 * lists. Each export is one subcategory reported in spans.
 */

export const CONDITIONS = `
the clap|
cognitive impairment|mild cognitive impairment|memory problems|broken bone|broken bones|broken arm|broken leg|
broken ankle|broken wrist|broken hip|broken rib|broken ribs|broken nose|broken toe|broken finger|broken foot|
diabetes|diabetic|prediabetes|pre-diabetes|prediabetic|type 1 diabetes|type 2 diabetes|type 1|type 2|hypertension|
hypertensive|high blood pressure|high bp|low blood pressure|hypotension|high cholesterol|hyperlipidemia|
hypercholesterolemia|asthma|asthmatic|copd|emphysema|bronchitis|pneumonia|influenza|flu|the flu|covid|covid19|covid 19|
coronavirus|long covid|cancer|cancerous|tumor|tumors|tumour|carcinoma|leukemia|lymphoma|melanoma|sarcoma|myeloma|
metastatic|metastasis|metastases|malignant|malignancy|oncologic|stroke|strokes|mini stroke|heart attack|heart attacks|
heart failure|heart disease|heart condition|heart problems|congestive heart failure|arrhythmia|afib|a fib|atrial fibrillation|
angina|cardiomyopathy|heart murmur|aneurysm|embolism|pulmonary embolism|thrombosis|deep vein thrombosis|blood clot|
blood clots|anemia|anemic|hemophilia|sickle cell|thalassemia|hepatitis|hepatitis a|hepatitis b|hepatitis c|hep c|hep b|
cirrhosis|fatty liver|liver disease|liver failure|pancreatitis|gallstones|gallbladder attack|kidney stone|
kidney stones|kidney disease|kidney failure|renal failure|chronic kidney disease|end stage renal|
urinary tract infection|bladder infection|kidney infection|infection|infections|infected|sepsis|septic|cellulitis|
abscess|strep|strep throat|tonsillitis|sinusitis|sinus infection|ear infection|ear infections|pink eye|
conjunctivitis|glaucoma|cataract|cataracts|macular degeneration|retinopathy|neuropathy|arthritis|osteoarthritis|
rheumatoid arthritis|rheumatoid|lupus|gout|fibromyalgia|osteoporosis|osteopenia|fracture|fractured|fractures|
broken arm|broken leg|broken wrist|broken ankle|broken hip|broken bone|broken foot|broken rib|broken ribs|sprain|sprained|
concussion|tendonitis|tendinitis|bursitis|sciatica|herniated disc|slipped disc|bulging disc|scoliosis|carpal tunnel|
plantar fasciitis|migraine|migraines|epilepsy|epileptic|seizure disorder|parkinson|parkinsons|parkinson's|
alzheimer|alzheimers|alzheimer's|dementia|multiple sclerosis|lou gehrig|neuropathy|hiv|hiv positive|hiv+|aids|
std|stds|sti|stis|sexually transmitted|chlamydia|gonorrhea|syphilis|herpes|genital herpes|hpv|genital warts|
trichomoniasis|bacterial vaginosis|yeast infection|tuberculosis|measles|mumps|chickenpox|chicken pox|shingles|
rubella|whooping cough|pertussis|rsv|mononucleosis|lyme|lyme disease|allergy|allergies|allergic|food allergy|
peanut allergy|eczema|psoriasis|acne|rosacea|dermatitis|hives|obesity|obese|morbidly obese|overweight|
hypothyroidism|hyperthyroidism|hypothyroid|hyperthyroid|thyroid|thyroid disease|goiter|hashimoto|hashimotos|graves disease|
celiac|celiac disease|crohn|crohns|crohn's|colitis|ulcerative colitis|ibs|ibd|gerd|acid reflux|reflux|
heartburn|ulcer|ulcers|stomach ulcer|hernia|hemorrhoids|appendicitis|diverticulitis|incontinence|
enlarged prostate|prostate|erectile dysfunction|impotence|infertility|infertile|endometriosis|pcos|fibroids|
menopause|perimenopause|hot flashes|sleep apnea|apnea|insomnia|narcolepsy|autism|autistic|asperger|aspergers|
adhd|down syndrome|cerebral palsy|spina bifida|cystic fibrosis|muscular dystrophy|paralysis|paralyzed|
quadriplegic|paraplegic|amputation|amputee|blindness|legally blind|hearing loss|deaf|deafness|vision loss|tinnitus|
vertigo|disability|disabilities|chronic pain|chronic illness|terminally ill|cancer free|remission|
in remission|relapsed|transplant|organ transplant|kidney transplant|liver transplant|heart transplant|
sickle cell disease|hemochromatosis|lymphedema|edema|neuroma|polyp|polyps|cyst|cysts|ovarian cyst|nodule|nodules|
lesion|lesions|skin cancer|breast cancer|prostate cancer|lung cancer|colon cancer|pancreatic cancer|
cervical cancer|ovarian cancer|bladder cancer|brain tumor|stage 4|stage iv|stage 3|stage iii|stage 2|stage 1|
coronary artery disease|peripheral artery disease|peripheral neuropathy|diabetic neuropathy|atherosclerosis|
high triglycerides|low thyroid|low iron|iron deficiency|vitamin deficiency|dehydration|dehydrated|malnutrition|
heat stroke|hypothermia|frostbite|food poisoning|stomach flu|stomach bug|gastroenteritis|norovirus|
bed bugs|lice|head lice|scabies|ringworm|athletes foot|toenail fungus|fungal infection|uti|utis|injury|injuries|
injured|wounds|laceration|bruise|bruises|bruising|bruised|second degree burn|dislocated|dislocation|
torn acl|acl tear|torn meniscus|rotator cuff|whiplash|a fall|fell down|bedsore|bedsores|pressure ulcer|
diabetes tipo 2|diabetes tipo 1|diabetico|diabetica|hipertension|hipertenso|hipertensa|presion alta|presion baja|
la presion|azucar alta|azucar baja|el azucar|colesterol|colesterol alto|trigliceridos|asma|asmatico|cancer|tumor|
tumores|leucemia|linfoma|derrame|derrame cerebral|embolia|infarto|ataque al corazon|ataque cardiaco|insuficiencia cardiaca|
enfermedad del corazon|anemia|hepatitis|cirrosis|higado graso|calculos|piedras en el rinon|insuficiencia renal|
enfermedad renal|infeccion|infecciones|infeccion urinaria|infeccion de orina|infectado|infectada|neumonia|pulmonia|
bronquitis|gripe|gripa|influenza|resfriado|resfrio|catarro|covid|alergia|alergias|alergico|alergica|artritis|
osteoporosis|fractura|fracturado|fracturada|esguince|torcedura|migrana|migranas|epilepsia|convulsiones|
demencia|alzheimer|parkinson|vih|sida|ets|herpes|sifilis|gonorrea|clamidia|tuberculosis|sarampion|varicela|
paperas|tosferina|obesidad|sobrepeso|tiroides|hipotiroidismo|hipertiroidismo|gastritis|colitis|ulcera|hernia|
hemorroides|apendicitis|incontinencia|prostata|infertilidad|menopausia|insomnio|autismo|discapacidad|
paralisis|sordera|ceguera|lesion|lesiones|herida|heridas|quemadura|quemaduras|moreton|moretones|caida|
una caida|se cayo|deshidratacion|deshidratado|deshidratada|quiste|quistes|nodulo|nodulos|
enfermedad|enfermedades|enfermo|enferma|padecimiento|condicion medica|problema del corazon|problemas del corazon|
problemas de salud|mal de azucar|azucar en la sangre|piedras en la vesicula|vesicula|
e coli|estreptococo|piedra en el rinon|piedras en el rinon|lap chole|kidney stones|fall risk|riesgo de caida||
suicidal ideation|ideas suicidas|safety plan|crisis line|crisis|disability claim|handicap placard|disabled parking||
handicap|a fall|her fall|his fall|my fall|the fall|since her fall|enfermedades venereas|insuficiencia renal|thyroid nodule|
wound|wounds|crown|dental crown|fell|confused|cuidado en casa|home care|pastilla del agua|pastillas del agua||
iron pills|ot eval|pt eval|psych eval|pt evaluation|
`;

export const SYMPTOMS = `
bad back|bum knee|bum hip|bum shoulder|busted ankle|busted knee|busted wrist|busted hip|sugar is high|sugar was high|
sugar is low|sugar was low|sugars are high|sugars have been high|sugars are low|sugars have been low|
disoriented|disorientation|delirium|delirious|lethargy|lethargic|drowsiness|drowsy|tiredness|lightheadedness|
syncope|near syncope|presyncope|syncopal|ringing in ears|ringing in my ears|ringing in her ears|ringing in his ears|
poor appetite|no appetite|spasms|back spasms|muscle spasms|ingrown toenail|ingrown nail|acute confusion|
new confusion|increased confusion|worsening confusion|more confused|more confusion|confusion at night|
desorientado|desorientada|somnolencia|somnoliento|somnolienta|delirio|onset confusion|
febrile|afebrile|tachy|tachycardic|brady|bradycardic|desatting|desat|desats|desaturation|hypoxic|hypoxia|hypoxemic|
garganta irritada|ganas de vomitar|ganas de devolver|me siento mal del estomago|scratchy throat|sore throat|
can't keep anything down|cant keep anything down|keep anything down|keep food down|wetting the bed|wets the bed|
bed wetting|bedwetting|threw my back out|threw out my back|threw his back out|threw her back out|
pees|burns when she pees|burns when he pees|burns when i pee|hurts to pee|hurts when i pee|pain when peeing|
my ticker|his ticker|her ticker|
tummy ache|tummy aches|tummy hurts|stomach bug|bellyache|belly ache|the runs|barfing|woozy|out of breath|
short of breath|winded|wheezy|stuffy nose|sniffles|the sniffles|night sweats|cold sweats|queasy|pins and needles|
blurry vision|ringing in my ears|ringing in her ears|ringing in his ears|passed out|blacked out|the shakes|
the jitters|nervous breakdown|self harm|self-harm|cutting herself|cutting himself|down in the dumps|high blood|
sugar diabetes|the sugar|bad heart|weak heart|bad nerves|my nerves|her nerves|his nerves|nerve pills|sugar pills|
ataque de nervios|los nervios|mis nervios|el azucar alta|la azucar alta|
pain|pains|painful|in pain|ache|aches|aching|achy|hurt|hurts|hurting|sore|soreness|headache|headaches|
migraine headache|fever|fevers|feverish|temperature of|running a fever|chills|cough|coughing|coughs|sneezing|
congestion|congested|runny nose|stuffy nose|sore throat|scratchy throat|nausea|nauseous|nauseated|vomiting|vomit|
vomited|throwing up|threw up|throw up|puking|puke|diarrhea|diarrhoea|loose stools|constipation|constipated|cramps|
cramping|bloating|bloated|gas pains|dizzy|dizziness|lightheaded|light headed|faint|fainted|fainting|passed out|
blacked out|fatigue|fatigued|exhausted|weakness|numb|numbness|tingling|pins and needles|swelling|swollen|
inflamed|inflammation|itchy|itching|itches|bleeding|bleed|bleeds|bled|bloody|blood in|nosebleed|nosebleeds|
short of breath|shortness of breath|trouble breathing|difficulty breathing|cant breathe|can't breathe|
wheezing|wheeze|chest pain|chest pains|chest tightness|palpitations|racing heart|heart racing|
heart palpitations|blurry vision|blurred vision|double vision|seizure|seizures|tremor|tremors|
memory loss|forgetful|forgetfulness|hallucinations|hallucinating|hearing voices|rash|rashes|lump|lumps|
vaginal discharge|eye discharge|penile discharge|spotting|missed period|missed my period|late period|heavy period|heavy bleeding|urination|
frequent urination|burning when|burns when i pee|painful urination|blood in urine|blood in stool|
indigestion|upset stomach|stomach ache|stomachache|stomach pain|abdominal pain|belly pain|back pain|
lower back pain|neck pain|knee pain|hip pain|joint pain|muscle pain|body aches|toothache|earache|
night sweats|weight loss|weight gain|losing weight|lost weight|gained weight|loss of appetite|no appetite|
jaundice|sick|sickness|illness|unwell|not feeling well|feeling sick|symptom|symptoms|symptomatic|
asymptomatic|flare|flare up|flare-up|flareup|allergic reaction|anaphylaxis|anaphylactic|pus|swollen glands|
cold sweat|hot flash|chest congestion|phlegm|mucus|sputum|snoring|sleepwalking|
dolor|dolores|duele|me duele|le duele|dolor de cabeza|dolor de pecho|dolor de estomago|dolor de garganta|
dolor de espalda|dolor de muela|dolor de oido|fiebre|calentura|temperatura alta|tos|tosiendo|nauseas|
vomito|vomitos|vomitando|vomito sangre|diarrea|estrenimiento|estrenido|colicos|mareo|mareos|mareado|mareada|
cansancio|fatiga|debilidad|hinchazon|hinchado|hinchada|hinchados|inflamado|inflamada|inflamacion|comezon|
picazon|ronchas|sarpullido|salpullido|sangrado|sangrando|sangre en|desmayo|desmayos|se desmayo|
me desmaye|convulsion|escalofrios|falta de aire|dificultad para respirar|no puedo respirar|ahogo|
vision borrosa|entumecimiento|hormigueo|temblores|ardor|ardor al orinar|
sintoma|sintomas|malestar|me siento mal|se siente mal|sentirse mal|enfermo|enferma|adolorido|adolorida|
redness|swell|swells|swelled|racing|heart is racing|radiating|radiates|crusty|weak|debil|pass out|passing out||
can't get out of bed|cant get out of bed|no se levanta de la cama|peeing|up all night peeing|me arde|me pica|picor|flema||
flema verde|confundido|confundida|silbido|sibilancias|the runs|breathing changes|sudando|temblando|mareando|sweating||
shaking|no tengo ganas de nada|feeling down|feeling really down|trouble sleeping|cant sleep|can't sleep||
no puedo dormir|triste|hinchan|se me hinchan|late muy rapido|me late muy rapido|palpitaciones|tear|torn|reaction||
reacciones|reaccion|stridor|croup|exacerbation|ankles swell|swollen ankles|eyes crusty|tos seca|diarrhea||
chest pain radiating|hard of hearing|dolor de musculos|me duelen|le duelen|me duele mucho|
`;

export const MENTAL_HEALTH = `
generalized anxiety|generalized anxiety disorder|major depressive disorder|mdd|gad|
anxiety|anxious|anxiety attack|anxiety attacks|panic attack|panic attacks|panic disorder|depression|depressed|
depressive|major depression|postpartum depression|bipolar|bipolar disorder|manic|mania|schizophrenia|schizophrenic|
schizoaffective|psychosis|psychotic|paranoia|paranoid|ptsd|trauma|traumatic|ocd|obsessive compulsive|
eating disorder|anorexia|anorexic|bulimia|bulimic|binge eating|self harm|self-harm|self harming|cutting myself|
suicidal|suicide|suicide attempt|suicidal thoughts|want to die|kill myself|end my life|overdose|overdosed|
mental health|mental illness|mental breakdown|nervous breakdown|psychiatric|psych ward|psych hold|5150|
therapy|therapist|psychotherapy|counseling|counselling|counselor|psychiatrist|psychologist|psychiatry|psychology|
behavioral health|grief counseling|couples therapy|marriage counseling|cbt|dbt|emdr|burnout|mood swings|insomnia|
ansiedad|ataque de ansiedad|ataque de panico|ataques de panico|depresion|deprimido|deprimida|bipolar|esquizofrenia|
psicosis|trauma|estres|estresado|estresada|suicidio|suicida|pensamientos suicidas|quiero morir|me quiero morir|
sobredosis|salud mental|psiquiatra|psicologo|psicologa|terapia|terapeuta|consejeria|ataque de nervios|
`;

export const SUBSTANCE_USE = `
edibles|thc gummies|
dope sick|dopesick|dui|dwi|aa meetings|aa meeting|na meetings|going to aa|started aa|
addiction|addicted|addict|alcoholism|alcoholic|alcohol abuse|alcohol use|drinking problem|substance abuse|
substance use|drug use|drug abuse|drug problem|opioid use disorder|opioid addiction|heroin|fentanyl|cocaine|
meth|methamphetamine|marijuana|cannabis|weed|thc|ecstasy|mdma|lsd|withdrawal|withdrawals|detox|detoxing|relapse|
relapsed|relapsing|sober|sobriety|clean and sober|rehab|in rehab|recovery program|aa meeting|aa meetings|
na meeting|na meetings|alcoholics anonymous|narcotics anonymous|12 step|twelve step|methadone|
methadone clinic|suboxone|vivitrol|needle exchange|syringe exchange|iv drug|injection drug|smoker|quit smoking|vaping|vape|nicotine|tobacco|chewing tobacco|cigarettes|
adiccion|adicto|adicta|alcoholismo|alcoholico|alcoholica|drogas|consumo de drogas|abstinencia|desintoxicacion|
rehabilitacion|recaida|alcoholicos anonimos|fumador|tabaco|
using again|volvio a consumir|tomando demasiado|drinking more than i should|drinking too much||
drinking again|bottle of wine|a bottle of wine|pack a day|a pack a day|smoking|smoking again|sin tomar||
6 meses sin tomar|etoh abuse|patches|patch|
`;

export const PREGNANCY = `
preggo|preggers|
knocked up|my period|her period|mi regla|su regla|period is late|periods are irregular|
pregnant|pregnancy|pregnancies|expecting a baby|prenatal|pre-natal|antenatal|postpartum|post-partum|
postnatal|miscarriage|miscarried|abortion|stillbirth|stillborn|ectopic|ectopic pregnancy|trimester|
first trimester|second trimester|third trimester|gestational|gestational diabetes|preeclampsia|pre-eclampsia|
c-section|c section|csection|cesarean|caesarean|labor and delivery|in labor|went into labor|contractions|
water broke|breastfeeding|breast feeding|lactation|pumping milk|ovulation|ovulating|ivf|in vitro|fertility|
fertility treatment|egg retrieval|embryo|embryo transfer|morning sickness|ultrasound|sonogram|obgyn|ob gyn|
ob/gyn|midwife|doula|nicu|premature|preemie|weeks pregnant|weeks along|fetal|fetus|baby bump|birth plan|
prenatal vitamins|pregnancy test|positive pregnancy test|glucose test|anatomy scan|nuchal|amniocentesis|
embarazada|embarazo|embarazos|prenatal|parto|cesarea|aborto|perdida del bebe|perdi al bebe|trimestre|
contracciones|se rompio la fuente|lactancia|amamantar|ovulacion|fertilidad|ultrasonido|ecografia|partera|
semanas de embarazo|prueba de embarazo|control prenatal|
`;

export const PROCEDURES = `
an echo|the echo|echo results|echo showed|echo today|echo tomorrow|staples out|staples removed|staple removal|
cast removed|cast removal|in a cast|in a sling|arm sling|
sedation|sedated|anesthesia|general anesthesia|surgery|surgeries|surgical|post op|post-op|postop|pre op|pre-op|preop|biopsy|biopsies|colonoscopy|endoscopy|
upper endoscopy|mammogram|mammography|pap smear|pap test|pap|x-ray|x ray|xray|xrays|x-rays|mri|mris|ct scan|
cat scan|pet scan|bone scan|dexa scan|dexa|ekg|ecg|echocardiogram|stress test|eeg|emg|nerve conduction|sleep study|
angiogram|angioplasty|cardiac cath|catheterization|heart cath|stent|stents|bypass|bypass surgery|
open heart surgery|transplant|dialysis|hemodialysis|chemotherapy|chemo|radiation|radiation therapy|radiotherapy|
infusion|infusions|transfusion|blood transfusion|injection|injections|cortisone shot|steroid shot|epidural|
vaccine|vaccines|vaccination|vaccinations|vaccinated|immunization|immunizations|flu shot|covid shot|covid vaccine|
booster shot|tetanus shot|physical therapy|occupational therapy|speech therapy|cardiac rehab|pulmonary rehab|
appendectomy|tonsillectomy|hysterectomy|mastectomy|lumpectomy|vasectomy|tubal ligation|tubes tied|
knee replacement|hip replacement|joint replacement|shoulder replacement|arthroscopy|cataract surgery|lasik|
root canal|tooth extraction|extraction|wisdom teeth|dental implant|deep cleaning|periodontal|gum disease|
stitches|sutures|suture removal|staples removed|wound care|debridement|intubation|intubated|ventilator|iv|
iv fluids|catheter|ostomy|colostomy|ileostomy|tracheostomy|feeding tube|g-tube|g tube|peg tube|picc|picc line|
blood draw|blood drawn|blood work|bloodwork|blood test|blood tests|lab test|
lab tests|screening|cancer screening|genetic testing|genetic test|covid test|covid testing|
drug test|drug screen|hiv test|std test|std testing|sti testing|biopsy results|pathology|pathology report|
cytology|urine culture|throat culture|urinalysis|urine sample|urine test|stool sample|stool test|
swab|nasal swab|throat swab|strep test|rapid test|pcr test|antibody test|allergy test|allergy testing|
skin test|tb test|hearing test|eye exam|dilated eye exam|vision test|pulmonary function|spirometry|
sigmoidoscopy|cystoscopy|bronchoscopy|laparoscopy|lithotripsy|ablation|cardioversion|pacemaker|
defibrillator|amputated|resection|excision|incision|drainage|lanced|cauterized|circumcision|
physical exam|pelvic exam|breast exam|prostate exam|rectal exam|well woman|annual gyn|
ivf cycle|iui|d&c|dilation and curettage|medical abortion|abortion pill|
cirugia|cirugias|operacion|operado|operada|me operaron|lo operaron|la operaron|biopsia|colonoscopia|
endoscopia|mamografia|papanicolau|papanicolaou|radiografia|radiografias|rayos x|resonancia|resonancia magnetica|
tomografia|electrocardiograma|ecocardiograma|dialisis|quimioterapia|quimio|radioterapia|radiacion|infusion|
transfusion|inyeccion|inyecciones|vacuna|vacunas|vacunado|vacunada|vacunacion|terapia fisica|fisioterapia|
rehabilitacion|puntadas|suturas|analisis|analisis de sangre|examen de sangre|examenes de sangre|
prueba de sangre|resultados del laboratorio|prueba de covid|muestra de orina|examen de orina|cultivo|trasplante|suero|
bowel prep|preparacion intestinal|colonoscopy prep|ejection fraction|shot record|shot records|vaccine card||
vaccine record|vaccine records|immunization record|immunization records|cartilla de vacunas|wound vac|dressing change||
mri brain|cultivo de orina|prueba de vih|prueba de pap|prueba de estreptococo|knee exercises|sleep visit|ambulance||
ambulancia|shots|vacuna contra la gripe|vacuna de la gripe|home covid test|covid test|inhalaciones|puffs|
dressing|dressings|
`;

export const LABS_VITALS = `
bi-rads|birads|bi rads|ascus|lsil|hsil|cin1|cin2|cin3|pi-rads|li-rads|ti-rads|
lipase|amylase|lactate|lactic acid|ammonia|procalcitonin|procal|tbili|alk phos|alkaline phosphatase|anion gap|
bun|phosphorus|calcium level|urine culture|blood culture|blood cultures|
a1c|hba1c|hemoglobin a1c|hemoglobin|hgb|hematocrit|hct|platelets|platelet count|wbc|white count|
white blood cell|white blood cells|red blood cells|rbc|cbc|cmp|bmp|metabolic panel|lipid panel|lipids|cholesterol|
ldl|hdl|triglycerides|glucose|blood glucose|blood sugar|blood sugars|sugar level|sugar levels|fasting glucose|
fasting sugar|creatinine|egfr|gfr|potassium level|sodium level|magnesium|tsh|free t4|t4|t3|psa|inr|pt/inr|
ptt|troponin|bnp|d-dimer|d dimer|ferritin|iron level|iron levels|b12|vitamin d|vitamin b12|vitamin d level|
liver enzymes|liver function|kidney function|bilirubin|albumin|protein in urine|urine protein|microalbumin|
viral load|cd4|cd4 count|hcg|beta hcg|hcg level|blood pressure|blood pressures|bp|pulse|heart rate|
resting heart rate|o2 sat|o2 sats|oxygen saturation|oxygen level|oxygen levels|spo2|pulse ox|sats|
respiratory rate|bmi|body mass index|blood type|blood count|blood counts|white count|sed rate|esr|crp|
c reactive protein|uric acid|vitamin levels|thyroid levels|hormone levels|testosterone level|estrogen level|
cortisol|insulin level|ketones|urine ketones|peak flow|
glucosa|azucar en la sangre|nivel de azucar|niveles de azucar|hemoglobina|hemoglobina glicosilada|colesterol|
trigliceridos|creatinina|plaquetas|globulos blancos|presion arterial|la presion arterial|pulso|
frecuencia cardiaca|oxigenacion|saturacion|nivel de oxigeno|temperatura|potasio|sodio|fev1|nitritos|leukocytes|leucocitos|leuks|nitrites|azucar en ayunas||
hemoglobina a1c|vitamina d|heart rate|
`;

export const SPECIALTIES = `
stress echo|ct of the head|ct of the chest|ct of the abdomen|ct head|head ct|chest ct|ct abdomen|lab draw|
blood draw|fasting labs|fasting bloodwork|on tele|telemetry|strict i&o|i&o|intake and output|fluid restriction|
bone density|bone density scan|bone density test|dexa|dexa scan|nerve conduction study|lumbar puncture|spinal tap|
cortisone shot|glucose tolerance test|hearing test|allergy test|allergy testing|skin test|tb test|ppd|
oncology|oncologist|cardiology|cardiologist|cardiac|neurology|neurologist|neurosurgeon|neurosurgery|
psychiatry|psychiatrist|dermatology|dermatologist|endocrinology|endocrinologist|endo|gastroenterology|
gastroenterologist|gastro|nephrology|nephrologist|urology|urologist|gynecology|gynecologist|gyno|obstetrics|
obstetrician|pediatrics|pediatrician|peds|orthopedics|orthopedic|orthopedist|orthopaedic|ortho|podiatry|
podiatrist|rheumatology|rheumatologist|pulmonology|pulmonologist|pulmonary|hematology|hematologist|
infectious disease|allergist|immunologist|otolaryngology|ent doctor|ophthalmology|ophthalmologist|optometrist|
eye doctor|retina specialist|physical therapist|occupational therapist|speech therapist|chiropractor|chiropractic|
radiology|radiologist|anesthesia|anesthesiologist|anesthetic|surgeon|surgeons|hospice|palliative|palliative care|
dialysis center|cancer center|infusion center|methadone clinic|std clinic|sti clinic|fertility clinic|
mental health clinic|behavioral health|rehab center|detox center|treatment center|urgent care|emergency room|
emergency department|icu|intensive care|nicu|picu|labor and delivery|maternity|maternity ward|wound clinic|
pain clinic|pain management|sleep clinic|weight loss clinic|bariatric|bariatric surgery|transplant center|
hiv clinic|psych unit|psychiatric hospital|inpatient|hospitalized|hospitalization|hospital stay|admitted to|
was admitted|got admitted|been admitted|discharged from|readmitted|er visit|
surgery center|geriatric|geriatrics|nursing home|assisted living|memory care|skilled nursing|home health|
home health aide|hospice care|dialysis clinic|oncology clinic|cardiology clinic|cardiac rehab|second opinion|
oncologia|oncologo|oncologa|cardiologia|cardiologo|cardiologa|neurologia|neurologo|neurologa|psiquiatria|
dermatologia|dermatologo|dermatologa|endocrinologo|endocrinologa|gastroenterologo|nefrologo|urologo|urologia|
ginecologia|ginecologo|ginecologa|obstetricia|obstetra|pediatria|pediatra|ortopedia|ortopedista|traumatologo|
reumatologo|neumologo|hematologo|oftalmologo|oculista|quiropractico|radiologia|anestesia|cirujano|cirujana|sala de emergencias|sala de urgencias|cuidados intensivos|terapia intensiva|
hospitalizado|hospitalizada|internado|internada|ingresado|ingresada|dado de alta|dada de alta|dieron de alta|
me dieron de alta|lo dieron de alta|la dieron de alta|dan de alta|alta del hospital|
hospicio|cuidados paliativos|casa de reposo|centro de dialisis|clinica de metadona|
urgencias|l&d|methadone program|suboxone clinic|cardiologia|pediatria|ortopedia|oncologia|ginecologia||
dermatologia|neurologia|urologia|
`;

export const DEVICES = `
holter|holter monitor|heart monitor|event monitor|cardiac monitor|zio patch|zio monitor|loop recorder|wound vac|
tens unit|picc line|bone stimulator|sleep apnea machine|apnea machine|
wheelchair|wheel chair|crutches|walker|rollator|knee brace|back brace|wrist brace|cpap|cpap machine|
bipap|nebulizer|neb|inhaler|inhalers|glucometer|glucose monitor|glucose meter|cgm|continuous glucose monitor|
insulin pump|pacemaker|defibrillator|hearing aid|hearing aids|oxygen tank|oxygen concentrator|home oxygen|
catheter|foley|ostomy bag|colostomy bag|prosthesis|prosthetic|prosthetics|dentures|splint|walking boot|
compression stockings|blood pressure cuff|pulse oximeter|oximeter|feeding tube|trach|ventilator|stent|implants|iud|pessary|insulin pen|insulin pens|syringes|needles|test strips|lancets|
hospital bed|commode|shower chair|
silla de ruedas|muletas|baston|andadera|andador|inhalador|nebulizador|glucometro|bomba de insulina|marcapasos|
aparato auditivo|aparatos auditivos|audifonos|tanque de oxigeno|oxigeno|sonda|protesis|dentadura|
dentadura postiza|yeso|ferula|tiras reactivas|jeringas|
cane|mascara del cpap|cpap mask|oxygen concentrator|glucose test strips|test strips|
`;

export const MEDICATION_WORDS = `pill|pills|capsule|capsules|mg|mcg|milligrams|
units of insulin|side effect|side effects|blood thinner|blood thinners|sleeping pill|sleeping pills|
birth control|birth control pills|the pill|morning after pill|plan b|thyroid medication|thyroid meds|
beta blocker|beta blockers|ace inhibitor|mood stabilizer|antibiotic ointment|water pill|water pills|
pain meds|pain medication|pain medicine|pain pills|pain killers|nerve pain medication|depo shot|depo provera|
lo loestrin|ortho tri cyclen|insulina glargina|cough syrup|eye drops|ear drops|nasal spray|nicotine patch|ointment|suppository|enema|laxative|stool softener|antacid|pastilla|pastillas|pildora|
pildoras|capsula|capsulas|jarabe|pomada|inyeccion de insulina|
la pastilla|anticonceptivos|
`;

/**
 * Readings: health content when a value follows ("sugar 287", "temp 101.4", "peso 80 kg") or
 * when they are someone's ("my sugar", "su presión").
 */
export const VALUE_WORDS = `
gcs|
pod|
k|na|cr|ca|cl|mg|mag|phos|lac|trop|alt|ast|hgb|plt|plts|wbc|
sugar|sugars|azucar|pressure|presion|weight|peso|temp|temperature|temperatura|oxygen|oxigeno|sat|sats|satting|sating|fasting|
ayunas|t|wt|ht|height|talla|estatura|bs|bg|fsbg|glu|ta|tension|basal|bolus|o2|map|cvp|etco2|rr|hr|pulse
`;

/** Qualitative results: health content in a sentence that names a test ("your strep test was negative"). */
export const RESULT_WORDS = `
positive|negative|normal|abnormal|benign|malignant|neg|pos|therapeutic|elevated|unremarkable|clear|
positivo|positiva|positivos|positivas|negativo|negativa|negativos|negativas|normales|benigno|benigna|maligno|maligna|
anormal|anormales|elevado|elevada
`;

/**
 * Words that are health content only next to a health term ("left knee pain", "dolor de
 * espalda"): spans grow over them but they never start a span on their own.
 */
export const WEAK_HEALTH = `
lobe|lobes|quadrant|lateral|medial|proximal|distal|anterior|posterior|inferior|superior|unilateral|sided|
coronary|artery|arteries|vein|veins|valve|cardiac|pulmonary|renal|hepatic|lumbar|thoracic|sacral|femoral|carotid|
aortic|mitral|lymph|node|nodes|gland|glands|pelvic|ovarian|uterine|intestinal|gastric|esophageal|ventricular|atrial|
lobulo|descending|ascending|cardiaco|cardiaca|pulmonar|arteria|arterias|vena|venas|valvula|ganglio|ganglios|
uncontrolled|controlled|poorly|brittle|onset|advanced|major|minor|generalized|disorder|disorders|syndrome|
disease|impairment|cognitive|treatments|treatment|batteries|battery|machine|tank|site|gtt|drip|heel|heels|thigh|
thighs|calf|shin|groin|buttock|armpit|rib|ribs|collarbone|tailbone|forearm|eyelid|tongue|lip|lips|tonsils|
prostate|skull|broken|twisted|torn|pulled|
discharge|shellfish|latex|sulfa|peanut|peanuts|tree nuts|nuts|bee stings|bee sting|iodine|gluten|dairy|lactose|
eggs|pollen|mold|dust mites|tummy|
head|neck|back|chest|arm|arms|leg|legs|knee|knees|hip|hips|foot|feet|ankle|ankles|wrist|wrists|hand|hands|
shoulder|shoulders|elbow|stomach|belly|abdomen|abdominal|throat|ear|ears|eye|eyes|nose|mouth|tooth|teeth|gums|
skin|heart|lung|lungs|liver|kidney|kidneys|bladder|bowel|bowels|colon|breast|breasts|uterus|ovary|ovaries|cervix|
vaginal|vagina|penis|testicle|testicles|rectal|rectum|spine|spinal|brain|blood|bone|bones|joint|joints|muscle|
muscles|nerve|nerves|pancreas|gallbladder|appendix|sinus|sinuses|toe|toes|finger|fingers|jaw|face|scalp|lower|upper|
left|right|side|both|chronic|acute|severe|mild|moderate|high|low|elevated|abnormal|positive|negative|type|stage|
grade|level|levels|bilateral|recurrent|worsening|bad|terrible|sharp|dull|constant|persistent|frequent|
worse|better|new|fasting|random|early|results|result|scan|test|tests|shot|shots|booster|exam|screen|
cabeza|cuello|espalda|pecho|brazo|brazos|pierna|piernas|rodilla|rodillas|cadera|pie|pies|tobillo|muneca|mano|
manos|hombro|codo|estomago|panza|barriga|abdomen|garganta|oido|oidos|oreja|ojo|ojos|nariz|boca|diente|dientes|
muela|muelas|encias|piel|corazon|pulmon|pulmones|higado|rinon|rinones|vejiga|intestino|colon|seno|senos|utero|
ovario|ovarios|columna|cerebro|sangre|hueso|huesos|articulacion|musculo|musculos|nervio|nervios|dedo|dedos|
cronico|cronica|agudo|aguda|fuerte|alta|alto|baja|bajo|severo|severa|leve|izquierda|izquierdo|derecha|derecho|
resultados|resultado|examen|examenes|estudio|
terminal|mole|burns|lunar|shaking|sweating|nightmares|temblor|bulto|bolita|flujo|stress|stressed|nervios|crack|sponsor|smoking|fumar|culture|drained|puntos|estudios|prueba|pruebas|presion|peso|urgencias|emergencias|asilo|cane|brace|cast|implant|sling|tab|tabs|caps|patch|cream|gotas|crema|parche|
medication|medications|medicine|medicines|meds|med|prescription|prescriptions|refill|refills|tablet|tablets||
dose|doses|dosage|medicamento|medicamentos|medicina|medicinas|receta|recetas|tableta|tabletas|dosis|vitamin|vitamins||
vitamina|vitaminas|supplement|supplements|labs|lab work|laboratorio|laboratorios|clinic|clinica|program|programa|kit|plan|education|card|record||
records|mask|mascara|strips|supplies|drip|exercises|ejercicios|eval|evaluation|workup|risk|riesgo|attack|contrast|prep||
control|check|abuse|abd|pelvis|green|yellow|verde|amarilla|amarillo|gained|gain|lost|lose|losing|subi|baje|aumente||
new|nueva|nuevo|day|dia|post|pre|cartilla|tobillo|tobillos|rodillas|pee|repeat|chronic|bottle|bottles|l|r|bilat||
small|large|big|little|cm|mm|visit|sleep|breathing|cuff|line|allergy|allergies|alergia|consumir|tomar|drinking||
still|again|reading|readings|numbers|level|levels|
iron|action|exertion|on exertion|at rest|rest|red|rojo|roja|rojiza|fluids|liquidos|tolerating|orinar|baby|bebe|etapa||
agua|swelling|worse|peor|cover|wrap|
`;

/** Care status and documentation about a patient: code status, precautions, notes. */
export const CARE_STATUS = `
nkda|nka|aox1|aox2|aox3|aox4|a&ox3|a&ox4|fall precautions|seizure precautions|aspiration precautions|bedrest|bed rest|
full code|code status|dnr|dni|dnr/dni|polst|molst|advance directive|advance directives|comfort care|comfort measures|
progress note|progress notes|op note|consult note|h&p|fall risk|high fall risk|bed alarm|1:1 sitter|sitter|
restraints|contact precautions|droplet precautions|airborne precautions|isolation precautions|on isolation|
wound care|dressing change|trach care|npo|nothing by mouth|post op|post-op|postop|pre op|pre-op|preop|
reanimacion|no reanimar|cuidados de confort|nota de evolucion|
`;
