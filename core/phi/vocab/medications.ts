/**
 * Medications, hand-curated: US generic (nonproprietary) names and frequent brand names of the
 * drugs most prescribed in US outpatient care (as listed in the FDA's public-domain Orange
 * Book / National Drug Code directory), drug classes, and the Spanish generic spellings.
 * Brand names are used only to recognise them in text.
 */
export const MEDICATIONS = `
dilaudid roxicodone phenergan reglan basaglar admelog medrol solumedrol decadron zpak rocephin ceftriaxone cefepime
meropenem unasyn diflucan aldactone toprol kcl robaxin breo remicade imuran cellcept prograf arimidex detrol
myrbetriq clomid tirzepatide nitroglycerin vanco duoneb prbcs prbc d50
abilify acarbose accupril accutane acetaminophen acetazolamide acyclovir adalimumab adderall adipex advair advil
albuterol alendronate aleve allegra allopurinol alprazolam altace amantadine ambien amiodarone amitriptyline amlodipine
amoxicillin amoxil amphetamine ampicillin anastrozole androgel antabuse apixaban aricept aripiprazole
aspirin atenolol ativan atomoxetine atorvastatin atrovent augmentin avandia avapro azathioprine azithromycin
bactrim baclofen benadryl benazepril benzonatate benztropine betamethasone biktarvy bisoprolol boniva brilinta
budesonide bumetanide bumex buprenorphine bupropion buspar buspirone bydureon byetta bystolic calcitriol canagliflozin
captopril carbamazepine carbidopa cardizem carvedilol cefdinir cefuroxime celebrex celecoxib celexa cephalexin
cetirizine chantix chlorthalidone chlorpromazine cialis cipro ciprofloxacin citalopram clarithromycin claritin
clindamycin clobetasol clomiphene clonazepam clonidine clopidogrel clotrimazole clozapine codeine colchicine
concerta coreg cosentyx coumadin cozaar crestor cymbalta cyclobenzaprine dabigatran dapagliflozin depakote descovy
desvenlafaxine dexamethasone dexilant dextroamphetamine diazepam diclofenac dicyclomine digoxin dilantin diltiazem
diovan diphenhydramine divalproex donepezil doxazosin doxepin doxycycline dulaglutide dulera duloxetine dupixent
effexor eliquis empagliflozin emtricitabine enalapril enbrel enoxaparin entresto epinephrine epipen escitalopram
esomeprazole estradiol eszopiclone etanercept ezetimibe famotidine farxiga febuxostat fenofibrate fentanyl
fexofenadine finasteride flagyl flecainide flexeril flomax flonase fluconazole fludrocortisone fluoxetine
fluticasone fluvoxamine folic focalin fosamax furosemide gabapentin gemfibrozil genvoya glargine glimepiride
glipizide glucophage glucotrol glyburide guaifenesin haldol haloperidol humalog humira humulin hydralazine
hydrochlorothiazide hctz hydrocodone hydrocortisone hydromorphone hydroxychloroquine hydroxyzine hyzaar ibuprofen
imitrex indomethacin infliximab insulin invokana ipratropium irbesartan isoniazid isosorbide ivermectin jakafi
janumet januvia jardiance kenalog keflex keppra ketoconazole ketorolac klonopin labetalol lactulose lamictal
lamotrigine lansoprazole lantus lasix latanoprost letrozole leflunomide levaquin levemir levetiracetam levofloxacin
levothyroxine levothroid lexapro linagliptin linzess liraglutide lisinopril lithium lipitor loperamide lopressor
loratadine lorazepam losartan lovastatin lovenox lunesta lyrica macrobid meclizine medroxyprogesterone meloxicam
memantine metformin methadone methimazole methocarbamol methotrexate methylphenidate methylprednisolone metoclopramide
metolazone metoprolol metronidazole micardis minocycline minoxidil mirtazapine mobic montelukast morphine motrin
mounjaro mucinex multaq mupirocin mycophenolate nabumetone naloxone naltrexone namenda naprosyn naproxen narcan
nebivolol neurontin nexium nifedipine nitrofurantoin nitroglycerin norco nortriptyline norvasc novolog nucynta nuvaring
nystatin ocrevus olanzapine olmesartan omeprazole ondansetron opioid oseltamivir otezla oxcarbazepine oxybutynin
oxycodone oxycontin ozempic pantoprazole paroxetine paxil paxlovid penicillin pepcid percocet phenazopyridine
phenobarbital phentermine phenytoin pioglitazone plaquenil plavix potassium pradaxa pramipexole prasugrel pravastatin
prazosin prednisolone prednisone pregabalin premarin prilosec pristiq proair probiotic prochlorperazine progesterone
promethazine propranolol proscar protonix provera prozac pseudoephedrine pulmicort quetiapine quinapril rabeprazole
ramipril ranitidine remeron repatha restasis restoril rexulti risperdal risperidone ritalin rivaroxaban rizatriptan
ropinirole rosuvastatin rybelsus saxenda semaglutide seroquel sertraline sildenafil simvastatin singulair sitagliptin
skyrizi solifenacin soma sotalol spiriva spironolactone stelara strattera suboxone subutex sucralfate sulfasalazine
sumatriptan symbicort synthroid tacrolimus tadalafil tamiflu tamoxifen tamsulosin tegretol telmisartan temazepam
tenofovir terazosin terbinafine testosterone tizanidine topamax topiramate toradol torsemide tradjenta tramadol
trazodone trelegy tresiba triamcinolone triamterene trintellix trulicity truvada tylenol ultram valacyclovir valium
valsartan valtrex vancomycin venlafaxine ventolin verapamil viagra vicodin victoza vistaril vitamin vivitrol voltaren
vraylar vyvanse warfarin wegovy wellbutrin xanax xarelto xiidra xyzal yaz zantac zepbound zetia ziprasidone zithromax
zocor zofran zoloft zolpidem zonisamide zyprexa zyrtec zyban
epclusa harvoni sovaldi mavyret dovato triumeq odefsey stribild prezista isentress tivicay cabenuva apretude
keytruda opdivo herceptin avastin rituxan revlimid ibrance tagrisso xtandi zytiga lupron eligard gleevec imbruvica
carboplatin cisplatin paclitaxel docetaxel doxorubicin cyclophosphamide fluorouracil capecitabine gemcitabine
oxaliplatin irinotecan pembrolizumab nivolumab trastuzumab bevacizumab rituximab chemotherapy chemo immunotherapy
herceptin tamoxifen anastrozole letrozole exemestane
depo nexplanon mirena kyleena paragard sprintec junel loestrin ortho-tri-cyclen
yasmin nuvaring xulane norethindrone levonorgestrel
vivitrol sublocade zubsolv lucemyra disulfiram acamprosate
lorazepam midazolam ketamine esketamine spravato
epogen procrit aranesp neupogen neulasta heparin
prolia evenity forteo xolair nucala fasenra tezspire
dexcom omnipod
antibiotic antibiotics antidepressant antidepressants antipsychotic antipsychotics benzodiazepine benzodiazepines
benzo benzos opioids opiate opiates narcotic narcotics painkiller painkillers statin statins steroid steroids
corticosteroid diuretic diuretics anticoagulant anticoagulants insulin insulins
inhaler inhalers antihistamine antihistamines antiviral antivirals antifungal 
stimulant stimulants sedative sedatives contraceptive contraceptives
hormone hormones hrt estrogen testosterone ssri ssris snri nsaid
nsaids ppi anticonvulsant anticonvulsants biologic biologics vaccine vaccines
metformina insulina ibuprofeno paracetamol acetaminofen amoxicilina losartan losartán omeprazol atorvastatina
simvastatina enalapril captopril aspirina clonazepam alprazolam sertralina fluoxetina escitalopram levotiroxina
metoprolol glibenclamida glimepirida naproxeno diclofenaco ketorolaco prednisona dexametasona azitromicina
ciprofloxacino cefalexina penicilina salbutamol loratadina cetirizina ranitidina pantoprazol tramadol gabapentina
pregabalina warfarina apixaban rivaroxaban clopidogrel furosemida hidroclorotiazida espironolactona amlodipino
nifedipino metronidazol nitrofurantoina levetiracetam valproato carbamazepina litio quetiapina
risperidona olanzapina haloperidol metadona buprenorfina naloxona morfina oxicodona codeina fentanilo
antibiotico antibioticos antidepresivo antidepresivos ansiolitico analgesico analgesicos antiinflamatorio
anticonceptivo anticonceptivos vacuna vacunas inhalador jarabe pomada suero
`;
