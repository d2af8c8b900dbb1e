/**
 * Frequent English words, hand-curated (base forms; the lookup also strips -s/-es/-ed/-ing/-ly).
 * Used to decide that a gazetteer name is also an ordinary word ("Will", "Hope", "Bill"), that
 * a capitalised word is not an unknown proper name, and to keep fuzzy matching off ordinary
 * words ("cancel" is not a misspelled "cancer"). Includes texting shorthand and the words of
 * clinic logistics.
 */
export const COMMON_ENGLISH = `
a about above absolutely accept access accident according account across act action active actually add address
admin administration adult advance advice advise affect afraid after afternoon again against age agency agent ago
agree ahead aid aim air airport alarm alert alive all allow almost alone along already alright also alternative
although always am amazing among amount an and angel angry animal announce annual another answer any anybody anymore
anyone anything anytime anyway anywhere apart apologize apology app apparently appear apple application apply
appointment appreciate approach appropriate approve approval approximately area argue arm army around arrange arrival
arrive art article as aside ask asleep assist assistance assistant associate assume at attach attempt attend attention
attitude attorney audio authorization authorize auto automatic available avenue average avoid awake award aware away
awesome awful baby back background bad badly bag balance ball band bank bar base basic basically basket bath bathroom
battery be beach bear beat beautiful beauty because become bed bedroom been before begin beginning behalf behind being
believe bell belong below belt bench benefit beside best bet better between beyond big bike bill billing bird birth
birthday bit bite black blame blank blanket block blue board boat body book booking boot border bored boring born
borrow boss both bother bottle bottom box boy brain branch brand brave bread break breakfast bridge brief bright bring
broad broken brother brought brown budget build building bunch burn bus business busy but butter button buy by bye
cab cabinet cable cafe cake calendar call calm came camera camp campus can cancel cancellation candy cannot cap
capacity capital car card care career careful carefully carry case cash cat catch category caught cause ceiling cell
center central century certain certainly chair chance change channel chapter charge chart chase chat cheap check
checkout cheese chicken chief child childcare children choice choose chose chosen church circle citizen city claim
class classic clean clear clearly clerk click client climb clinic clinical clock close closed closely closer closet
clothes cloud club clue coach coat code coffee coin cold collect college color come comfortable coming comment
commercial common communicate communication community company compare complete completely complex computer concern
concerned conference confirm confirmation confused congratulations connect connection consider contact contain
content context continue contract control convenient conversation cook cool copy copay corner correct cost could
count counter country county couple courier course court cousin cover coverage crazy cream create credit crew cross
crowd cry cup current currently curtain customer cut cute dad daily damage dance danger dark data date daughter day
dead deal dear death debt decide decision deck deep definitely degree delay delete deliver delivery department depend
deposit describe description design desk detail determine develop device dial did die diet difference different
difficult digital dinner direct direction directly director dirty discount discuss discussion dish distance do
document does dog doing dollar done door double doubt down download downstairs downtown dozen draft draw dream dress
drink drive driver drop drove dry due during duty each ear early earn east easy eat edge education effect effort
either elevator else email emergency employee employer empty encourage end enemy energy engine enjoy enough ensure
enter entire entrance envelope environment equal equipment error escape especially essential estimate even evening
event eventually ever every everybody everyone everything everywhere exact exactly exam example excellent except
exchange excited exciting excuse exercise exist exit expect expense expensive experience expert explain extra eye
face facility fact fail fair faith fall false family famous fan far farm fast father fault favor favorite fax fear
feature fee feed feedback feel feeling fellow felt female few field fight figure file fill final finally financial
find fine finger finish fire firm first fish fit fix flag flat flight floor flower fly folder folk follow food foot
for force forget forgive forgot form formal former forward found frank free freedom fresh friday friend from front
fruit full fully fun fund funny furniture future gain game garage garden gas gate gather gave general generally
gentle gentleman get gift girl give glad glass go goal god gold gone good goodbye got government grab grace grade
grand grant grass great green greet grocery ground group grow guarantee guard guess guest guide guy hair half hall
hand handle hang happen happy hard hardly hat hate have he head health hear heard heart heat heavy held hello help
helpful her here hers herself hey hi hide high highway him himself hire his history hit hold hole holiday home honest
honey hope horse host hot hotel hour house how however huge human hundred hungry hurry husband i ice idea identify if
ignore image imagine immediately impact important impossible improve in inbox inch include including income increase
indeed indicate individual indoor industry info inform information inside instead instruction insurance intend
interest interested internet interview into introduce invite invoice involve iron island issue it item its itself
jacket job join joke journey joy judge juice jump junior just justice keep key kid kill kind kindly king kit kitchen
knew knock know knowledge lab label lack lady lake land language large last late later latest laugh law lawyer lay
lead leader learn least leave left leg legal lend less lesson let letter level library license lie life lift light
like likely limit line link list listen little live living load loan lobby local location lock log long look lose
loss lost lot loud love lovely low luck lucky lunch machine mad made mail main mainly maintain major make male man
manage manager many map mark market marriage married match material matter maximum may maybe me meal mean meaning
measure media medium meet meeting member memory mention menu mess message met method middle midnight might mile
military milk mind mine minimum minor minute mirror miss missing mistake mix mobile model modern mom moment monday
money month mood more morning most mostly mother motor mountain mouse move movie much music must my myself name
narrow nation national natural nature near nearby nearly neat necessary need neighbor neither nephew nervous net
network never new news newspaper next nice niece night nine no nobody noise none noon nor normal normally north not
note nothing notice now number nurse object obviously occasion o'clock of off offer office officer official often oh
oil ok okay old on once one online only onto open operation operator opinion opportunity option or orange order
ordinary organization original other otherwise ought our ours ourselves out outside over overnight owe own owner pack
package packet page paid pain paint pair paper parent park parking part partner party pass passenger password past
path patience patient pattern pause pay payment peace pen pencil people pepper per percent perfect perhaps period
permission person personal pet phone photo pick picture piece place plan plane plant plastic plate play player please
pleasure plenty plus pocket point police policy polite pool poor popular portal portion position positive possible
possibly post postpone pot potato power practice prefer prepare present president press pretty prevent previous
price print prior priority private probably problem process produce product professional profile program progress
project promise proper property protect proud provide provider public pull purchase purpose push put quality quarter
question quick quickly quiet quite race radio rain raise ran range rate rather reach read ready real reality realize
really reason reasonable receipt receive recent recently reception receptionist recognize recommend record red reduce
refer reference reflect refund refuse regard regarding region register regular regularly relationship relative
relax release remain remember remind reminder remote remove rent repair repeat replace reply report represent
request require reschedule research reserve resident resolve resource respect respond response rest restaurant
result return review reward rich ride right ring rise risk road rock role roll roof room rose round route routine row
rule run rush sad safe safety said sale same sample saturday save saw say schedule school score screen sea search
season seat second secret secretary section secure security see seem seen sell send senior sense sent separate
series serious serve service session set settle seven several shall share she sheet shelf shift shirt shoe shop
short should shoulder show shower shut sick side sign signal signature silly similar simple simply since sing single
sir sister sit site situation six size skip sky sleep slightly slow slowly small smart smell smile snack snow so
social sock soft software sold solution solve some somebody someone something sometimes somewhere son song soon sorry
sort sound south space spare speak special specific speed spell spend spent spot spouse spring staff stage stair
stairs stand standard star start state station stay step still stop store storm story straight strange street
strong student study stuff style subject submit success successful such sudden suddenly suggest suit summer sun
sunday super supply support suppose sure surprise survey sweet system table take taken talk tall tap task taste tax
taxi tea teach teacher team tell temporary ten term terrible test text than thank thanks that the their theirs them
themselves then there therefore these they thing think third this those though thought thousand three through
thursday thus ticket tight till time tiny tip title to today together told tomorrow tonight too took top topic total
totally touch tough toward towards town track traffic train training transfer transportation travel treat tree trip
trouble truck true truly trust truth try tuesday turn twice two type typical typically uncle under understand unfortunately
unit university unless until up update upon upset upstairs urgent us use used useful user usual usually vacation
valid value van various vehicle version very via video view visit visitor voice volunteer vote wait waiting wake
walk wall want war warm warning was wash watch water way we wear weather website wednesday week weekday weekend
weekly welcome well went were west wet what whatever wheel when whenever where wherever whether which while white
who whole whom whose why wide wife wild will win window winter wish with within without woman wonder wonderful word
work worker world worry worse worst worth would write writing written wrong yard yeah year yellow yes yesterday yet
you young your yours yourself youth zero zone
abroad absent accommodate accurate achieve acknowledge acknowledgment activate additional additionally address adjust
admission adopt advertise afford afterwards agenda aisle album alley allowance alongside alphabet amazing amend anniversary
annoy anticipate anxious apartment apologies appetite applicant appreciated arena arrangement arrow assign assignment
attendance attendant attendee author autumn awhile backup badge baggage bakery balcony ballot bandage banner bargain
basement batch beginner behave bell beneath benefits beverage billing blade blend bless blessing blind blog blood
bloom board bold bond bonus booth borough bottle boulevard bounce bowl brake breath breeze brick briefly bring
broadcast brochure brush bubble bucket buffet bulletin bundle burden butterfly buzz cabin cable calculate calm campaign
candle canvas capable captain capture cargo carpet cart carton cartoon cashier casual catalog cattle celebrate
celebration cement ceremony certificate chain chalk champion charity charm cheer chef chest chip chocolate chore
circumstance clarify clause clay clever climate clip closure coast collar colleague column combination combine comedy
comfort command commit committee companion compatible compensate compete competition complain complaint complicated
compliment component concert conclude conclusion condition conduct confident conflict confuse congress consent
consequence constant construction consult consultation consumer contest contrary contribute convince cooperate
coordinator cope cord core corporate cottage cotton couch counsel countdown courtesy courtyard coupon cozy craft crash
crawl creative creature crisis crop crucial cruise crystal cue cultural culture curious curve cushion custom
customize cycle dairy dawn deadline debate decade declare decline decorate dedicate defend define delicious delight
deliberately demand demonstrate dentist deny departure deserve desert desire desktop dessert destination destroy
detect diamond dictionary diner dinosaur dip dirt disabled disagree disappear disappoint disaster disc discover dismiss
display dispute distribute district disturb dive divide dock dolphin domestic donate donation dot doubt downtown drag
drawer drill drip duck dust eager earring ease eastern echo economy edit editor effective efficient elder elderly elect
election electric electricity element eligible eliminate embrace emerge emotion emphasize empire employ enable enclose
encounter endless engage enhance enormous enroll enrollment entertain enthusiasm entry episode equivalent era erase
essay establish estate evaluate evaluation evidence evil evolve examine exceed excess exclude exhibit expand expire
expiration explore export expose express extend extension extent extreme fabric facial factor factory fade fame
fancy fantastic fare farmer fashion fasten fate favorable fax feather federal feminine fence festival fever fiction
filter finance fingerprint firework fist flame flash flavor flexible float flood flour fluid focus fog fold font
forecast forest forever format fortune forum foundation fountain fraction frame frequent frequently fridge frighten
frost frozen fuel function funeral fur gallery gap garbage gear gender generate generous genius genuine gesture ghost
giant glance glove glow glue golf goods gorgeous gossip gown grab graduate graduation grain grammar grape graph grateful
gravel gravity greeting grid grill grocery guilty guitar habit hallway hammer handy harbor harm harvest haven hazard
headline headquarter heaven hedge height helicopter hero hesitate hint hobby hockey hollow honor hook horizon horn
horror hospitality household housing hug humor hunt hurricane ideal identical identity idle ignore illegal illustrate
immediate import impress impression incident income incorrect independence index indoor infant influence informal
initial inn input inquire inquiry insect insert inspect inspire install instance instant institute instructor
instrument insult intelligent interact interior internal international interrupt interval invest investigate
invitation invoice ivy jacket jail jam jar jazz jeans jewelry jog joint journal jungle jury keyboard kick kindergarten
kingdom kiss kite knee knife knit knot ladder lamp landlord lane laptop laser laundry lawn layer lazy leaf league
leak lean lease leather lecture legend leisure lemon lens liberty lid lifestyle lifetime lime limited linen lion
liquid literally litter lively lobby lodge logic logo loop loose lord lottery lounge loyal luggage lumber luxury magic
magnet maid mailbox maintenance makeup mall manner manual manufacture marble march margin marine marker marketing
mask mass master mat meadow meanwhile mechanic medal melody melt membership merchant mercy merge merit metal meter
method midday migrate mild mill mineral minister mint miracle mission mist mixture moderate modify monitor monkey
monster monument moon moral mortgage motion motivate mud mug multiple municipal muscle museum mushroom mutual mystery
nail napkin narrative native navigate neat necklace needle negative negotiate neighborhood nest newsletter nickname
noble nod nonprofit noodle notebook notify novel nut oak obey observe obtain occupy occur ocean odd offense offline
olive opera opposite optional orchestra organic organize outcome outdoor outfit outlet outline output oven overall
overdue overlook overtime owl pad palace palm pan panel panic pants parade parcel pardon parish passage passion
passport pasta patch patio patrol pause pave pavement peak peanut pear pedestrian peel penalty penny pension pepper
perform performance perfume permanent permit persist persuade phase philosophy photograph phrase piano pie pig pile
pillow pilot pin pine pink pioneer pipe pitch pizza plain planet platform plaza pledge plug plumber poem poet poetry
pole polish poll pond pony porch port portable portrait pose possess postcard poster pottery pour powder praise pray
prayer precise predict premium presence presentation preserve pretend prime prince princess principal principle
printer prison prize procedure proceed produce profit prompt proof proposal propose prospect protest provider
province pub publish pumpkin punch punish pupil puppy purple purse puzzle quantity queen query queue quote rabbit
racket rail railway rainbow rally ranch rank rapid rare rat raw razor reader realistic rear rebate recall recipe
recommendation recover recycle referral refresh regret reject relate relief religion rely remark remodel renew rental
reply reputation rescue reservation resign resist resort restore restroom resume retail retire retirement reunion
reveal revenue reverse revise reward rhythm ribbon rice riddle ridge rifle rip ripe river roast robot rocket romantic
rope rough royal rubber rude rug ruin rural sack saddle sail salad salary salon salt sand sandwich satisfy sauce
scale scan scarf scene scent scholarship scissors scoop scratch scream script sculpture seal seasonal secondary
seed segment select selection self semester seminar sensitive sentence servant setting shade shadow shake shallow
shape shark sharp shed shell shelter shield shine ship shock shoot shore shout shovel shrink shuttle sibling sidewalk
sight silence silk silver sink sip siren skill skirt slice slide slip slot smooth snake sneak soap soccer sock sofa
soil solar soldier solid song soul soup source souvenir spa spark spare spice spider spill spin spirit splash spoil
sponsor spoon sport spray spread squad squeeze stable stadium stamp stock stomach stone stool storage stove strategy
straw stream strength stress stretch strict strike string strip structure struggle studio submit subscribe subscription
substitute suburb subway suck sue sugar suitcase sum summary summit sunny sunset supermarket supervisor supper
surface surgeon surround suspect swallow swap sweater sweep swim swing switch symbol sympathy tag tail tailor talent
tank tape target tattoo teammate tear technical technique technology teen teenager telephone temperature temple tenant
tend tennis tent terminal territory textbook theater theme theory thick thin thread threat throat throw thumb
thunder tide tidy tie tiger tile timer tip tire tissue toast toe toilet token tomato tone tongue tool tooth tour
tourist towel tower toy trace trade tradition trail transaction transcript translate translation translator trap trash
tray treasure trend trial tribe trick trophy tropical tub tune tunnel turkey tutor twin twist typo ugly umbrella
unable unclear uncomfortable underground uniform union unique universe unknown unlock unusual upcoming upgrade upload
upper urban usage utility vacant valley vanilla variety vase vegetable vendor venue verify vessel veteran victim
victory village vine violin virtual vision vitamin vivid vocabulary volume voucher voyage wage wagon waist waiter
waitlist wallet wander warehouse warn warranty waste wave wealth weapon web wedding weed weigh weight welfare wheat
whisper whistle wholesale widow width willing wind wine wing wire wisdom wise witness wolf wood wool workshop worm
wrap wrist yarn yell yield yoga zip
able also am an are aren't be been being can can't could couldn't did didn't do does doesn't don't had hadn't has hasn't
have haven't he'd he'll he's how's i'd i'll i'm i've is isn't it'll it's let's she'd she'll she's should shouldn't
that's there's they'd they'll they're they've wasn't we'd we'll we're we've weren't what's where's who's won't
wouldn't you'd you'll you're you've y'all ain't gonna wanna gotta kinda sorta lemme gimme dunno
im ive id ill youre theyre dont cant wont didnt doesnt isnt wasnt arent havent hasnt shouldnt couldnt wouldnt thats
whats lets hes shes
pls plz thx thnx tks ty tysm u ur r k kk ok okay okey lol btw asap fyi appt appts msg msgs txt tmrw tmr tmw tom
2day 2moro tonite nite b4 cuz cos bc coz ya yah yea yeah yep yup nope nah hmm hm um uh omg idk ik np imo irl brb
ttyl gm gn smh tbh ikr wyd hbu bday thru tho gud luv xoxo xo ps pm am a.m p.m re fwd cc bcc etc eg ie vs aka
mr mrs ms mx dr sr jr st ave rd blvd ln apt ste no num nr tel ph fax ext dept min mins hr hrs sec secs wk wks mo mos
yr yrs hh mm dd yyyy xx xxx xxxx tbd tba eta rsvp faq diy
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun weekday
january february march april may june july august september october november december jan feb mar apr jun jul aug
sep sept oct nov dec
christmas easter thanksgiving halloween hanukkah ramadan
zoom teams google gmail yahoo outlook apple iphone android samsung facebook instagram whatsapp telegram signal
twitter tiktok youtube linkedin amazon uber lyft venmo paypal zelle cashapp fedex ups usps dhl walmart target costco
mychart medicare medicaid aetna cigna humana anthem tricare kaiser bluecross blueshield unitedhealthcare
unitedhealth obamacare covid internet wifi usb pdf pin sms mms url www http https com org net gov edu
hipaa ssn id dob mrn pcp npi ein er icu or ok tv dvd atm gps suv
english spanish american mexican latino hispanic french chinese
american
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million first second third fourth
fifth sixth seventh eighth ninth tenth last
`;

/** Irregular verb forms (regular ones are found by stripping suffixes). */
export const IRREGULAR_ENGLISH = `
arose awoke was were been bore born beat beaten became began begun bent bet bid bit bitten blew blown broke broken
bred brought built burnt bought caught chose chosen clung came cost crept dealt dug did done drew drawn dreamt drank
drunk drove driven ate eaten fell fallen fed felt fought found fled flung flew flown forbade forgot forgotten forgave
forgiven froze frozen got gotten gave given went gone ground grew grown hung had heard hid hidden hit held hurt kept
knelt knew known laid led leapt learnt left lent let lay lain lit lost made meant met mistook misunderstood paid
proved put quit read rode ridden rang rung rose risen ran said saw seen sought sold sent set sewn shook shaken shone
shot showed shown shrank shut sang sung sank sunk sat slept slid slung spoke spoken sped spelt spent spilt spun spat
split spoilt spread sprang stood stole stolen stuck stung stank struck strung swore sworn swept swam swum swung took
taken taught tore torn told thought threw thrown understood undertook upset woke woken wore worn wove won wound wrote
written children men women people feet teeth mice geese
better best worse worst more most less least further farther elder eldest
`;

/** More everyday words: office life, common surnames that are also words. */
export const COMMON_ENGLISH_MORE = `
housekeeping registration scheduling admitting dietary

practitioner practitioners
walgreens walgreen cvs walmart costco kroger safeway publix meijer wegmans albertsons riteaid target amazon
callback replacement census pyxis omnicell huddle handoff charting epic cerner kronos timecard pto overtime float admits transport
jack max gray grey confusion confused interpreter sterilizer copier printer scanner shredder toner stapler
hill bush ford bank hunt cook ward booth wolf lamb pope moss marsh hood bond pace bass golden porter miller farmer barber
weaver carpenter tanner potter butler hardy savage pierce reed crane bean roach rivers stout gates gross bishop knight
dean duke earl mayor castle cherry berry brook brooks field wall waters sparks powers banks fields woods wells mills
rush dash flash storm rain river lake ocean forest meadow valley canyon summit ridge prairie
pt pts walkin walkins takers anyone anybody someone everyone reschedule rescheduled cancelation cancelations noshow
statement balance autopay paperless billing biller ebill epay deductible coinsurance preauth auth authorization
eob hmo ppo epo hsa fsa cobra medigap formulary npi tin ein ssn dob mrn cpt icd fmla ada osha
blanket pillow snack lunch breakfast dinner coffee donuts pizza parking garage valet shuttle elevator stairs lobby
waiting checkin checkout frontdesk desk inbox voicemail fax faxed scan scanned upload uploaded login logout password
jesus god lord christ heaven
pat rob bob chuck rusty cliff nick gene jean penny ruby amber crystal jade holly iris lily daisy violet hazel ginger
destiny precious prince dale glen heath wade sterling rocky sandy misty candy sunny dusty buck colt rod sue
`;
