/**
 * Places, hand-curated: US cities and towns (the largest incorporated places, as in the
 * Census Bureau's public-domain place tables), large cities of Mexico, Central America and
 * the Caribbean (where many Spanish-speaking patients have family), US states and their
 * postal abbreviations, street-address words and facility words.
 */
export const US_CITIES = `
new york|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|san jose|austin|jacksonville|
fort worth|columbus|indianapolis|charlotte|san francisco|seattle|denver|washington|oklahoma city|nashville|el paso|
boston|portland|las vegas|detroit|memphis|louisville|baltimore|milwaukee|albuquerque|tucson|fresno|sacramento|mesa|
kansas city|atlanta|omaha|colorado springs|raleigh|long beach|virginia beach|miami|oakland|minneapolis|tulsa|
bakersfield|wichita|arlington|aurora|tampa|new orleans|cleveland|honolulu|anaheim|lexington|stockton|corpus christi|
henderson|riverside|newark|saint paul|st paul|santa ana|cincinnati|irvine|orlando|pittsburgh|st louis|saint louis|
greensboro|jersey city|anchorage|lincoln|plano|durham|buffalo|chandler|chula vista|toledo|madison|gilbert|reno|
fort wayne|north las vegas|st petersburg|saint petersburg|lubbock|irving|laredo|winston salem|chesapeake|glendale|
garland|scottsdale|norfolk|boise|fremont|spokane|santa clarita|baton rouge|richmond|hialeah|san bernardino|tacoma|
modesto|huntsville|des moines|yonkers|rochester|moreno valley|fayetteville|fontana|columbus|worcester|port st lucie|
little rock|augusta|oxnard|birmingham|montgomery|frisco|amarillo|salt lake city|grand rapids|huntington beach|
overland park|glendale|tallahassee|grand prairie|mckinney|cape coral|sioux falls|peoria|providence|vancouver|
knoxville|akron|shreveport|mobile|brownsville|newport news|fort lauderdale|chattanooga|tempe|ontario|santa rosa|
elk grove|salem|pembroke pines|eugene|garden grove|cary|fort collins|corona|springfield|jackson|alexandria|hayward|
clarksville|lancaster|lakewood|palmdale|salinas|hollywood|pasadena|sunnyvale|macon|pomona|escondido|killeen|
naperville|joliet|bellevue|rockford|savannah|paterson|torrance|bridgeport|mcallen|mesquite|syracuse|midland|murfreesboro|
miramar|dayton|fullerton|olathe|orange|thornton|roseville|denton|waco|surprise|carrollton|west valley city|charleston|
warren|hampton|gainesville|visalia|coral springs|columbia|cedar rapids|sterling heights|new haven|stamford|concord|
elizabeth|athens|thousand oaks|lafayette|simi valley|topeka|norman|fargo|wilmington|abilene|odessa|pearland|victorville|
hartford|vallejo|allentown|berkeley|richardson|arvada|ann arbor|cambridge|sugar land|lansing|evansville|college station|
fairfield|clearwater|beaumont|independence|provo|west jordan|murrieta|palm bay|el monte|carlsbad|charleston|temecula|
clovis|meridian|westminster|costa mesa|high point|manchester|pueblo|lakeland|pompano beach|west palm beach|antioch|
everett|downey|lowell|centennial|elgin|broken arrow|miami gardens|billings|jurupa valley|sandy springs|gresham|
lewisville|hillsboro|ventura|greeley|inglewood|waterbury|league city|santa maria|tyler|davie|daly city|boulder|
allen|west covina|sparks|wichita falls|green bay|san mateo|norwalk|rialto|las cruces|chico|el cajon|burbank|
south bend|renton|vista|davenport|edinburg|tuscaloosa|carmel|spokane valley|san angelo|vacaville|clinton|bend|
woodbridge|kenosha|yakima|quincy|lynn|brockton|new bedford|fall river|somerville|framingham|waltham|nashua|
portsmouth|bangor|burlington|scranton|erie|reading|harrisburg|trenton|camden|paterson|passaic|hoboken|bayonne|
white plains|new rochelle|albany|schenectady|utica|binghamton|ithaca|poughkeepsie|hempstead|brooklyn|bronx|queens|
staten island|manhattan|harlem|long island|annapolis|frederick|rockville|silver spring|bethesda|gaithersburg|
dover|roanoke|lynchburg|charlottesville|asheville|wilmington|greenville|spartanburg|myrtle beach|hilton head|
macon|albany|valdosta|marietta|smyrna|roswell|alpharetta|decatur|savannah|pensacola|panama city|daytona beach|
ocala|sarasota|naples|fort myers|boca raton|delray beach|jupiter|kissimmee|sanford|melbourne|key west|homestead|
doral|kendall|coral gables|hialeah gardens|opa locka|biloxi|gulfport|hattiesburg|tupelo|meridian|dothan|auburn|
tuscaloosa|florence|muscle shoals|bowling green|owensboro|paducah|frankfort|covington|youngstown|canton|lorain|
parma|sandusky|kalamazoo|flint|saginaw|dearborn|livonia|troy|pontiac|ypsilanti|muskegon|traverse city|marquette|
gary|hammond|bloomington|muncie|terre haute|carmel|fishers|champaign|urbana|aurora|waukegan|cicero|evanston|
skokie|oak park|schaumburg|bolingbrook|moline|davenport|dubuque|iowa city|ames|sioux city|council bluffs|waterloo|
duluth|rochester|bloomington|st cloud|mankato|eau claire|oshkosh|appleton|la crosse|janesville|racine|waukesha|
bismarck|grand forks|minot|rapid city|lawrence|manhattan|salina|hutchinson|joplin|columbia|jefferson city|st joseph|
springfield|jonesboro|fort smith|conway|pine bluff|texarkana|monroe|lake charles|lafayette|houma|bossier city|
tyler|longview|killeen|temple|round rock|georgetown|san marcos|new braunfels|seguin|victoria|harlingen|pharr|
mission|edinburg|weslaco|del rio|eagle pass|uvalde|kerrville|galveston|baytown|pasadena|conroe|the woodlands|
katy|sugar land|missouri city|bryan|huntsville|nacogdoches|lufkin|beaumont|port arthur|orange|abilene|san angelo|
midland|odessa|big spring|lubbock|amarillo|wichita falls|denton|lewisville|flower mound|mansfield|grapevine|
euless|bedford|duncanville|desoto|cedar hill|rowlett|rockwall|wylie|sherman|norman|edmond|broken arrow|lawton|
stillwater|enid|muskogee|santa fe|las cruces|roswell|farmington|rio rancho|flagstaff|yuma|prescott|sedona|
casa grande|nogales|sierra vista|goodyear|avondale|buckeye|maricopa|henderson|carson city|laredo|ogden|logan|
st george|orem|sandy|cheyenne|casper|laramie|missoula|bozeman|great falls|helena|butte|idaho falls|pocatello|
nampa|coeur d alene|twin falls|walla walla|olympia|bellingham|kennewick|yakima|wenatchee|salem|medford|corvallis|
beaverton|redding|eureka|san luis obispo|santa barbara|santa cruz|monterey|merced|turlock|tracy|lodi|davis|
napa|petaluma|san rafael|palo alto|mountain view|santa clara|cupertino|milpitas|livermore|pleasanton|walnut creek|
antioch|richmond|vallejo|fairfield|yuba city|chico|palm springs|indio|coachella|hemet|perris|temecula|oceanside|
el centro|calexico|compton|watts|east los angeles|boyle heights|santa monica|malibu|whittier|pico rivera|
montebello|huntington park|south gate|lynwood|paramount|bellflower|lakewood|cerritos|santa fe springs|la habra|
buena park|anaheim|tustin|mission viejo|lake forest|laguna|newport beach|san clemente|hilo|kailua|pearl city|
juneau|fairbanks|wasilla|san juan|bayamon|carolina|ponce|caguas|mayaguez|arecibo
`;

export const LATIN_AMERICAN_CITIES = `
ciudad de mexico|cdmx|guadalajara|monterrey|puebla|tijuana|leon|juarez|ciudad juarez|zapopan|merida|chihuahua|
san luis potosi|aguascalientes|hermosillo|saltillo|mexicali|culiacan|queretaro|morelia|reynosa|torreon|acapulco|
cancun|veracruz|oaxaca|tuxtla|villahermosa|matamoros|nuevo laredo|durango|toluca|cuernavaca|mazatlan|ensenada|
tampico|irapuato|celaya|zacatecas|tepic|colima|pachuca|tlaxcala|campeche|chetumal|la paz|los mochis|nogales|
piedras negras|ciudad obregon|uruapan|zamora|guanajuato|san miguel de allende|tehuacan|jalapa|xalapa|
guatemala|quetzaltenango|san salvador|santa ana|san miguel|tegucigalpa|san pedro sula|managua|leon|granada|
san jose|santo domingo|santiago|la habana|havana|bogota|medellin|cali|barranquilla|caracas|maracaibo|lima|quito|
guayaquil|la paz|santa cruz|asuncion|montevideo|buenos aires|cordoba|rosario
`;

/** States are larger than the HIPAA geographic limit: they are context for ZIP codes and cities, not PHI alone. */
export const US_STATES = `
alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|
indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|
nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|
pennsylvania|rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|
wisconsin|wyoming|puerto rico|district of columbia
`;

export const STATE_CODES = `
al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa
ri sc sd tn tx ut vt va wa wv wi wy pr dc
`;

/** Words that end a street name: "12 Oak St", "400 N. Main Street". */
export const STREET_SUFFIXES = `
st street ave avenue av rd road blvd boulevard dr drive ln lane ct court way pl place pkwy parkway hwy highway cir
circle ter terrace trl trail sq square loop row pike plz plaza aly alley crescent cres expy expressway fwy freeway
walk path run point pt crossing xing commons cv cove hts heights bend ridge glen grove park landing
`;

/** Words that start a street name in Spanish: "Calle 5 de Mayo 123", "Av. Juárez 45". */
export const STREET_PREFIXES_ES = `calle avenida av avda carrera cra callejon calzada camino carretera boulevard
bulevar privada andador paseo colonia col fraccionamiento fracc barrio urb urbanizacion`;

/** Unit designators: "Apt 4B", "Suite 210", "apto 3". "Room 4" is clinic logistics, not an address. */
export const UNIT_WORDS = `apt apartment unit suite ste trlr trailer apto departamento depto interior`;

/** Nouns that make a preceding proper name a facility: "Mercy Hospital", "Lakeside Family Medicine". */
export const FACILITY_NOUNS = `
elementary school academy preschool daycare
hospital hospitals clinic clinics center centre medical health healthcare pharmacy pharmacies drugstore urgent
care labs laboratory laboratories imaging radiology dialysis rehab rehabilitation nursing home hospice memorial
regional general infirmary sanitarium sanatorium pediatrics pediatric family medicine dental dentistry
orthodontics orthopedics cardiology oncology associates practice group physicians surgery surgical institute
wellness womens childrens children shelter detox treatment recovery behavioral counseling living manor residence
clinica hospital farmacia sanatorio consultorio centro laboratorio residencia cardiologia pediatria ortopedia oncologia
ginecologia dermatologia neurologia urologia salud
`;

/** Facilities and chains often named without a facility noun. */
export const FACILITY_NAMES = `
kaiser|kaiser permanente|mayo clinic|cleveland clinic|johns hopkins|mass general|
cedars sinai|cedars-sinai|mount sinai|mt sinai|nyu langone|nyu|ucla medical|ucsf|stanford health|brigham|
mcleans|mclean hospital|sloan kettering|memorial sloan kettering|md anderson|dana farber|dana-farber|
planned parenthood|st jude|saint jude|shriners|bellevue|grady|parkland|jackson memorial|cook county|banner health|
intermountain|sutter health|dignity health|adventhealth|advocate|atrium health|baylor scott|ochsner|
providence|sanford health|geisinger|spectrum health|beaumont|henry ford|northwell|hackensack|montefiore|
presbyterian|methodist|baptist health|mercy|st mary's|saint mary's|st luke's|saint luke's|st joseph's|saint joseph's|
st vincent's|saint vincent's|good samaritan|sacred heart|holy cross|st francis|saint francis|st elizabeth|
st anthony|st john|va hospital|va clinic|the va|veterans affairs
`;
