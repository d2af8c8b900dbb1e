/**
 * Health terms added for the kinds of misses issue 11 lists (tests, monitors, scans and
 * procedures named in plain words; drug brands and nurses' drug shorthand; symptoms in
 * everyday words; findings and result acronyms; care-status and documentation terms; slang).
 * Written by hand from general clinical knowledge (plain-language MedlinePlus topic names,
 * common US brand names), in the format of health.ts: entries separated by "|", phrases
 * allowed, no accents. Words that are also everyday words ("high", "pot", "nuts", "crack",
 * "pressure", "admission", "isolation") are left out on purpose: they would cost specificity.
 */

export const PROCEDURES_MORE = `
ultrasound guided iv|us guided iv|barrier cream|1 assist|2 assist|one assist|two assist|max assist|mod assist|min assist|standby assist|papanicolaou|
bladder scan|bladder scans|scoped|had a scope|have a scope|having a scope|get a scope|getting a scope|upper scope|lower scope|straight cath|straight cathed|in and out cath|cath lab|cardiac cath lab|ivp|iv push|
libre sensor|freestyle libre|libre 2|libre 3|dexcom sensor|dexcom g6|dexcom g7|cgm sensor|guardian sensor|omnipod pod|
barium swallow|upper gi series|upper gi|tubal|tubes tied|getting her tubes tied|gallbladder removal|
gallbladder out|gallbladder surgery|cholecystectomy|hernia repair|wisdom teeth removal|wisdom teeth out|
stent placement|stents|pacemaker placement|dialysis port|port placement|port flush|central line|prostatectomy|
turp|vasectomy reversal|skin graft|spinal fusion|back surgery|neck surgery|laminectomy|nerve block|
bone marrow biopsy|bone marrow transplant|thyroidectomy|gastric sleeve|sleeve gastrectomy|lap band|
rotator cuff repair|acl reconstruction|acl repair|carpal tunnel release|carpal tunnel surgery|episiotomy|
mole removal|cryotherapy|paracentesis|thoracentesis|ambulatory bp monitor|peak flow meter|ted hose|knee scooter|
neck brace|cervical collar|hoyer lift|suction machine|adult diapers|device check|pacer check|cochlear implant|
mammo|3d mammogram|diagnostic mammogram|transvaginal ultrasound|carotid doppler|venous doppler|arterial doppler|
doppler|nuclear stress test|treadmill stress test|cta|ct angiogram|v/q scan|vq scan|hida scan|mra|cologuard|
fit test|rapid strep|quantiferon|std panel|sti panel|polysomnography|video eeg|skin prick test|retinal scan|
diabetic foot exam|diabetic eye exam|monofilament test|12 lead|12-lead ekg|orthostatic vitals|orthostatics|cea|
afp|rheumatoid factor|anc|blood gas|fsh|prolactin|tox screen|urine drug screen|drug test|ethanol level|
dig level|digoxin level|vanc trough|vanco trough|brca|brca testing|karyotype|nipt|quad screen|nst|
nonstress test|non stress test|bpp|gbs swab|gbs test|glucose challenge|one hour glucose|glucose test|
swallow study|modified barium swallow|psych consult|psych evaluation|speech eval|hearing eval|sliding scale|
insulin sliding scale|fingerstick|fingersticks|accuchecks|accucheck|accu check|bedside glucose|iv antibiotics|
iv fluids|ivf|blood transfusion|transfusion|transfused|infusion|iron infusion|stitches out|suture removal|
staples out|wound check|drain removal|dressing change|wound vac|biopsy results|path report|pathology report|
pathology|frozen section|
`;

export const MEDICATIONS_MORE = `
toujeo|pravachol|benicar|levoxyl|compazine|imodium|miralax|colace|senna|senokot|dulcolax|zanaflex|
medrol dose pack|medrol dosepak|solu medrol|solumedrol|z pack|z-pak|zpack|pip tazo|piperacillin|prep pill|
truvada for prep|xeljanz|evista|imdur|auvi q|potassium chloride|k dur|kdur|klor con|mag ox|mag oxide|
magnesium oxide|iron sulfate|ferrous sulfate|folic acid|pedialyte|mso4|ms contin|mtx|narcs|d5w|ns bolus|
normal saline|lactated ringers|levophed|pressors|precedex|propofol|versed|zyprexa zydis|nitro drip|nitro patch|
nitro sl|ntg|ntg sl|nitroglycerin sl|melatonin|varenicline|nicotine gum|nicorette|nicotine lozenge|tylenol pm|
advil pm|aleve pm|excedrin|zzzquil|nyquil|dayquil|mucinex|sudafed|robitussin|tessalon|benzonatate|claritin d|
allegra d|zyrtec d|flonase sensimist|eliquis starter pack|xarelto starter pack|glucose tabs|glucose gel|
glucagon|baqsimi|insulin glargine|insulin lispro|insulin aspart|nph|novolin|humulin|regular insulin|
long acting insulin|short acting insulin|mealtime insulin|basal insulin|bolus insulin|semaglutide|tirzepatide|
liraglutide|dulaglutide|empagliflozin|dapagliflozin|sitagliptin|pioglitazone|glimepiride|glyburide|apixaban|
rivaroxaban|clopidogrel|ticagrelor|sacubitril|carvedilol|propranolol|atenolol|labetalol|hydralazine|clonidine|
spironolactone|furosemide|bumetanide|torsemide|chlorthalidone|valsartan|olmesartan|irbesartan|enalapril|
ramipril|benazepril|nifedipine|verapamil|pravastatin|ezetimibe|fenofibrate|gemfibrozil|repatha|praluent|
ondansetron|metoclopramide|promethazine|prochlorperazine|meclizine|scopolamine|dramamine|loperamide|bisacodyl|
docusate|lactulose|linaclotide|sucralfate|carafate|famotidine|ranitidine|esomeprazole|lansoprazole|prevacid|
dexilant|tums|maalox|mylanta|gas x|simethicone|amitriptyline|nortriptyline|doxepin|trazodone 50|
hydroxyzine pamoate|vistaril|atarax|buspar|lurasidone|latuda|vraylar|rexulti|invega|invega sustenna|
abilify maintena|clozapine|clozaril|geodon|ziprasidone|lamotrigine|levetiracetam|valproate|divalproex|
carbamazepine|oxcarbazepine|trileptal|phenytoin|topiramate|zonisamide|lacosamide|vimpat|pregabalin|
gabapentin 300|methylphenidate|amphetamine|dextroamphetamine|lisdexamfetamine|atomoxetine|guanfacine|intuniv|
focalin|hydrocodone|oxycodone 5|hydromorphone|tapentadol|nucynta|codeine|tylenol 3|tylenol #3|t3s|percs|oxys|
xannies|norcos|vikes|roxies|suboxone strips|bupe|sublocade shot|vivitrol shot|ketorolac|diclofenac|voltaren|
voltaren gel|lidocaine patch|lidoderm|salonpas|icy hot|bengay|tizanidine|methocarbamol|cyclobenzaprine 10|
carisoprodol|prednisolone|methylprednisolone|triamcinolone|budesonide|pulmicort|fluticasone|mometasone|nasonex|
azelastine|montelukast|cetirizine|loratadine|fexofenadine|diphenhydramine|epinephrine|epi pen|albuterol neb|
duoneb|ipratropium|atrovent|xopenex|levalbuterol|flovent|qvar|dulera|anoro|incruse|stiolto|amox|augmentin xr|
cefdinir|omnicef|cefuroxime|ceftin|cephalexin 500|sulfamethoxazole|smx tmp|bactrim ds|ciprofloxacin|
levofloxacin|moxifloxacin|metronidazole|tinidazole|linezolid|zyvox|daptomycin|gentamicin|tobramycin|cefazolin|
ancef|unasyn|ampicillin|penicillin vk|pen vk|bicillin|nitrofurantoin 100|fosfomycin|oseltamivir|valacyclovir|
famciclovir|terbinafine|lamisil|clotrimazole|miconazole|monistat|ketoconazole|nystatin swish|magic mouthwash|
tenofovir|emtricitabine|dolutegravir|tivicay|triumeq|dovato|cabenuva|apretude|odefsey|complera|atripla|
adalimumab|etanercept|infliximab|ustekinumab|secukinumab|cosentyx|skyrizi|tremfya|rinvoq|dupilumab|ocrevus|
tecfidera|copaxone|gilenya|rituximab|rituxan|hydroxychloroquine|sulfasalazine|azathioprine|imuran|mycophenolate|
cellcept|tacrolimus|prograf|cyclosporine|alendronate|denosumab|zoledronic acid|reclast|forteo|anastrozole|
exemestane|letrozole|femara|tamoxifen 20|lupron|zoladex|xtandi|zytiga|ibrance|verzenio|pembrolizumab|nivolumab|
opdivo|trastuzumab|bevacizumab|carboplatin|cisplatin|paclitaxel|taxol|docetaxel|doxorubicin|adriamycin|
cyclophosphamide|folfox|capecitabine|xeloda|neulasta|neupogen|enoxaparin 40|fondaparinux|dabigatran|warfarin 5|
jantoven|tamsulosin 0.4|finasteride 5|dutasteride|avodart|oxybutynin er|tolterodine|solifenacin|vesicare|
mirabegron|sildenafil|tadalafil|estradiol patch|estrogen cream|progesterone|prometrium|medroxyprogesterone|
depo shot|depo provera|birth control patch|nuvaring|annovera|sprintec|junel|loestrin|ortho tri cyclen|kyleena|
skyla|liletta|paragard|misoprostol|mifepristone|abortion pill|clomid|letrozole for fertility|levothyroxine 50|
liothyronine|cytomel|methimazole|tapazole|ptu|propylthiouracil|b12 injection|b12 shot|vitamin d 50000|
ergocalciferol|cholecalciferol|calcium with d|iron pills|prenatal vitamins|prenatals|
`;

export const SYMPTOMS_MORE = `
stye|styes|swollen shut|pops and clicks|popping and clicking|boil|boils|draining|period is late|late period|missed period|missed my period|days late|queasy|hot and puffy|knees are shot|barking cough|splinter|pee all night|peeing all night|extra beats|skipped beats|skipping beats|withdrawing|diaphoretic|diaphoresis|hard stick|difficult stick|incontinent|falta el aire|me falta el aire|le falta el aire|muela picada|caries|se quebro|me quebre|quebro|
hand foot and mouth|hand foot and mouth disease|pulled something|pulled a muscle|threw out my back|threw my back out|wandered off|wandering off|keeps wandering|bulge|purple|cant put weight on it|cant put weight on|cant bear weight|unable to bear weight|no weight bearing|thrush|diaper rash|wart|warts|vasovagal|no puede orinar|no puedo orinar|ronquera|afonia|
fell in the shower|fell in the bathroom|fell in the tub|slipped in the shower|slipped in the tub|fell down the stairs|fell out of bed|fell off the bed|
cant keep water down|cant keep anything down|cant keep food down|cant keep it down|keeping nothing down|tingly|tingles|tingle|pale|clammy|pallor|shaky|shakey|jittery|woozy|zumbido|zumbidos|zumban|zumba|refusing to eat|refuses to eat|refused to eat|wont eat|not eating|poor appetite|poor po intake|latex sensitive|latex sensitivity|sensitive to latex|aspiration|
swelled up|swollen up|puffed up|swelling up|
groggy|foggy headed|brain fog|out of it|fall at home|fell at home|falls at home|mechanical fall|unwitnessed fall|
witnessed fall|fall with head strike|recent fall|recent falls|frequent falls|multiple falls|near fall|
catch my breath|cant catch my breath|cant breathe|hard to breathe|trouble breathing|head is pounding|
head pounding|pounding headache|splitting headache|throbbing headache|dizzy spells|room spinning|
room is spinning|seeing spots|ringing ears|hoarse|hoarseness|lost my voice|chest pressure|heart pounding|
pounding heart|skipped beats|skipping beats|fluttering in my chest|burning up|gassy|backed up|cant poop|
havent pooped|bloody stool|bloody stools|black stool|black stools|tarry stools|blood in my stool|
blood in her stool|blood in his stool|blood in the stool|blood in stool|blood in my urine|blood in her urine|
blood in his urine|blood in urine|blood in the urine|burns when i pee|burns when she pees|burns when he pees|
hurts to pee|hurts when i pee|cant pee|trouble peeing|leaking urine|peeing a lot|peeing all the time|welts|
tired all the time|no energy|wiped out|up all night|took a fall|slipped and fell|tripped and fell|hit my head|
hit her head|hit his head|bumped my head|bumped her head|bumped his head|head strike|hacking cough|
coughing up blood|cough up blood|coughed up blood|coughing up phlegm|coughing up mucus|coughing up green|
throwing up blood|vomiting blood|peeing blood|pooping blood|watery eyes|aches all over|stiff neck|limping|
cant walk|trouble walking|hard to walk|trouble swallowing|hard to swallow|choking on food|not eating|
not drinking|thirsty all the time|the shakes|seeing things|feeling blue|sad all the time|crying all the time|
crying a lot|thoughts of hurting myself|thoughts of hurting herself|thoughts of hurting himself|hurting myself|
hurt myself|kill myself|end my life|want to die|hopeless|hopelessness|stressed out|burned out|burnt out|on edge|
irritable|cramps with my period|period cramps|menstrual cramps|bump on my neck|lump on my neck|lump in my neck|
mole changed|changing mole|bruises easily|bruising easily|cut my hand|cut my finger|burned my hand|
burnt my hand|bit by a dog|bitten by a dog|dog bite|cat bite|bee sting|stung by a bee|tick bite|spider bite|
sunburn|blister|blisters|wart|warts|cold sore|cold sores|canker sore|pimples|infected cut|pus|oozing|
draining pus|foul smell|passing out|blacking out|black out|fainting|fainting spells|dizziness|lightheaded|
light headed|heavy periods|heavy bleeding|bleeding a lot|spotting|clots|passing clots|missed my period|
late period|sore breasts|breast lump|nipple discharge|hot flash|hot flushes|night sweat|achy joints|joints ache|
my joints hurt|my back hurts|my knee hurts|my hip hurts|my neck hurts|my feet hurt|my legs hurt|my chest hurts|
my head hurts|my stomach hurts|my belly hurts|my ear hurts|my throat hurts|hurts to swallow|hurts to breathe|
hurts to walk|cant move my|cant feel my|numb feet|numb hands|
`;

export const FINDINGS_MORE = `
found a mass|occult blood|hemoccult|guaiac positive|fobt|cin 1|cin 2|cin 3|cin2|cin3|hypoglycemia|hypoglycemic|
hyperglycemia|hyperglycemic|hypokalemia|hyperkalemia|hyponatremia|hypernatremia|hypocalcemia|hypercalcemia|
hypomagnesemia|leukocytosis|leukopenia|thrombocytopenia|neutropenia|neutropenic|pancytopenia|troponin leak|
st elevation|st elevations|st depression|st depressions|qt prolongation|prolonged qt|long qt|lbbb|rbbb|
heart block|av block|v fib|vfib|v tach|vtach|pvcs|pacs|hypertensive urgency|hypertensive emergency|septic shock|
c diff|cdiff|c difficile|cre|esbl|rpr reactive|reactive rpr|ground glass|ground glass opacity|infiltrate|
infiltrates|consolidation|pleural effusion|effusion|pneumothorax|cardiomegaly|atelectasis|hairline fracture|
compression fracture|stress fracture|stenosis|spinal stenosis|degenerative changes|degenerative disc disease|
ddd|djd|osteophytes|bone spurs|bone spur|adenoma|adenomas|tubular adenoma|dysplasia|carcinoma in situ|dcis|lcis|
metastases|enhancing lesion|white matter changes|small vessel disease|microalbuminuria|proteinuria|hematuria|
pyuria|glucosuria|ketonuria|leukocyte esterase|bacteriuria|reduced ef|low ef|lvh|mitral regurg|
mitral regurgitation|aortic stenosis|tricuspid regurgitation|murmur|bruit|gallop|crackles|rales|rhonchi|
diminished breath sounds|decreased breath sounds|pitting edema|jvd|ascites|icteric|scleral icterus|hepatomegaly|
splenomegaly|lymphadenopathy|swollen lymph nodes|swollen glands|thyromegaly|positive babinski|facial droop|
slurred speech|aphasia|hemiparesis|hemiplegia|altered mental status|ams|sundowning|sundowns|combative|agitated|
agitation|obtunded|unresponsive|found down|code blue|rapid response|rrt called|rrt|code stemi|code stroke|
stroke alert|sepsis alert|trauma alert|hgb drop|h/h drop|hemoglobin drop|bleeding out|gi bleed|ugib|lgib|melena|
hematochezia|hematemesis|uti symptoms|urosepsis|aspiration pneumonia|bedsore|stage 2 ulcer|stage 3 ulcer|
stage 4 ulcer|sacral wound|sacral ulcer|pressure injury|skin tear|skin breakdown|
`;

export const CARE_STATUS_MORE = `
tolerating clears|on clears|clear liquid diet|clear liquids|full liquids|turning q2h|turn q2h|q2h turns|
contact isolation|droplet isolation|airborne isolation|isolation precautions|contact precautions|droplet precautions|airborne precautions|neutropenic precautions|enteric precautions|cultures sent|cultures pending|cultures drawn|culture pending|
no code|comfort measures|comfort measures only|cmo|living will|healthcare proxy|health care proxy|
health care poa|healthcare poa|medical poa|medical power of attorney|status post|npo after midnight|
npo at midnight|clear liquids|clear liquid diet|full liquids|diabetic diet|cardiac diet|renal diet|
low sodium diet|carb controlled diet|thickened liquids|nectar thick|honey thick|pureed diet|suicide precautions|
neutropenic precautions|1:1 sitter|one to one sitter|soft restraints|restraints|step down unit|stepdown unit|
icu transfer|transfer to icu|transferred to icu|transferred to the icu|discharge summary|observation status|
on obs|went to the er|went to the ed|went to urgent care|was hospitalized|hospitalized|in the hospital|
at the hospital|got admitted|was admitted|admitted to|admitted for|snf|skilled nursing facility|home infusion|
wound care nurse|visiting nurse|vna|speech eval|5150|involuntary hold|baker act|baker acted|72 hour hold|
psych hold|sober living|iop|intensive outpatient|partial hospitalization|methadone maintenance|mat program|
sober for|days sober|days clean|months clean|months sober|narcan given|gave narcan|dts|delirium tremens|ciwa|cows|ciwa protocol|
cows score|ciwa score|code status|goals of care|post op|post-op|postop|pre op|pre-op|preop|pod 1|pod 2|pod 3|
pod1|pod2|pod3|s/p|
`;

export const SUBSTANCE_MORE = `
oded|od'd|overdosed|overdosing|kicking heroin|jonesing|blackout drunk|binge drinking|binge drinker|
heavy drinker|heavy drinking|drinks a fifth|a fifth a day|fifth of vodka|six pack a day|12 pack a day|
a pack a day|two packs a day|pack a day|packs a day|pack-year|pack years|tweaking|tweaker|smack|fentanyl use|
iv drug use|needle use|track marks|hitting the bottle|on the nod|nodding off|using again|shooting up|
smoking meth|smoking crack|crackhead|methhead|pill seeking|drug seeking|
`;

export const SLANG_MORE = `
the snip|
the big c|high sugar|sugar is up|sugar was up|sugars up|sugar diabetes|high pressure|my pressure|her pressure|
his pressure|pressure is up|pressure was up|pressure pills|bum ticker|old timers|oldtimers|old timer's|
bun in the oven|knocked up|preggo|expecting a baby|lost the baby|lost her baby|the crazies|head doctor|
lost my mind|nervous breakdown|the drip|the runs|the trots|the squirts|
`;

export const MENTAL_MORE = `
panic attacks|panic disorder|social anxiety|ocd|ptsd|bipolar|manic|mania|schizophrenia|schizoaffective|
psychosis|psychotic|paranoid|paranoia|hallucinations|hallucinating|hearing voices|eating disorder|anorexia|
bulimia|binge eating|self harm|self-harm|cutting herself|cutting himself|suicide attempt|attempted suicide|
overdose attempt|si/hi|passive si|active si|
`;

export const PREGNANCY_MORE = `
termination of pregnancy|pregnancy termination|spontaneous abortion|lactation consult|lactation consultant|
breast pump|pumping breast milk|nursing mother|ob appointment|ob visit|prenatal visit|prenatal care|
first trimester|second trimester|third trimester|weeks along|weeks pregnant|
`;

/** Words a found term grows over ("gallbladder removal", "nerve block", "Libre sensor", "hospice nurse"). */
export const WEAK_MORE = `
removal|placement|repair|reconstruction|release|fusion|graft|reversal|sensor|sensors|meter|monitor|monitoring|
panel|swab|series|study|studies|collar|lift|injection|injections|infusion|infusions|pump|pumps|tubing|needles|
pen|pens|lancets|nurse|nurses|unit|facility|center|centre|ward|floor|team|consult|follow up|followup|f/u|flank|
groin|pelvic|rectal|perineal|sacral|coccyx|temple|forehead|cheek|chin|wrist|palm|sole|arch|mass|masses|spot|
spots|area|region|sided|side|bilaterally|intermittent|occasional|daily|nightly|ongoing|worsening|improving|
resolved|resolving|flare|flares|flare up|flare-up|episode|episodes|spell|spells|attack|attacks|symptoms|symptom|
issues|problems|problem|trouble|belly button|navel|ombligo|log|logs|diary|rescue|freeze|ble|bue|tube|tubes|sacrum|tiras|medir|wonky|haywire|out of whack|huevo|huevos|leche|mariscos|cacahuate|cacahuates|nueces|polen|extremity|extremities|bag|bags|dressing|dressings|reaction|reactions|
`;
