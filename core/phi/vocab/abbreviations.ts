/**
 * Clinical abbreviations, hand-curated from common charting and texting usage. Three groups,
 * by how much the surrounding text must confirm them.
 */

/** Health in any case: "htn", "HTN", "Htn". */
export const ABBREV_ALWAYS = `
hx dx tx sx fx ddx htn hld hlp dm1 dm2 dmii t1dm t2dm iddm niddm chf copd cad ckd esrd afib gerd uti utis uri stds
hiv hcv hbv hpv hsv rsv mrsa vre cdiff ptsd adhd ocd mdd gad sud oud etoh a1c hba1c inr bmp cmp cbc tsh psa ldl hdl
ekg ecg eeg emg egd mri mris cxr spo2 o2 bmi bid tid qid qhs qd qod qam qpm subq icu nicu picu ccu pacu slp obgyn
peds psych onc derm neuro ortho dnr dni polst ivf iud lmp edd tbi cva tia stemi nstemi dvt vte sle ibd ibs osa
cpap bipap aki bph npo ivdu pwid cabg tavr lvad picc tdap dtap covid covid19 sars hep hepc hepb ssri ssris snri nsaid
nsaids ppi abx bpm mmhg meq dka lbp pud ili ards gtube ngt ng rvr svt vtach vfib nsr pvc pvcs cabg tka tha orif
acl mcl uti's hgb hct wbc rbc plt egfr gfr psa tsh ast bnp crp esr pft pfts abg vbg ucx bcx lft lfts trop
ivig tpn ppn ng npo bipolar hcg bhcg ob gyn obgyn ivdu lasix sbp dbp fev1 fna ruq luq rlq llq hoh amox azithro
doxy dilt vanc zosyn pcn apap hta epoc irc iam acv avc vih appy chole ercp leuks fsbg
`;

/** Health only when written in capitals in mixed-case text ("CT", "MS"); in lowercase they are words. */
export const ABBREV_CAPS = `
ct pet rr ed er pt ms mi pe ra als cf uc oa hd pd bg bm ace arb icd ent gi aids tb bun cp sob
ich sah gu uds ivc alt ua ct ef tc tg nc diu its si asa lap ama
`;

/** Ordinary words even in capitals ("OR", "ADD", "PO", "DC"): health only next to other health content. */
export const ABBREV_CORROBORATE = `
or add po dc im sa mat ctx dt lob ot hr prn echo si exposure dm rt ir
`;

/** Ordinary words in any case ("echo", "exposure"): health only next to other health content. */
export const ABBREV_CONTEXT_ANYCASE = `echo exposure`;

/** Abbreviations written with a slash: "s/p", "n/v", "h/o". The slash is required. */
export const ABBREV_SLASH = `s/p h/o c/o r/o n/v n/v/d d/c w/u f/u b/l s/sx hx/o t/c pt/inr ob/gyn`;
