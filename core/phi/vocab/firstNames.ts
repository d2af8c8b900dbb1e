/**
 * Given names and nicknames, hand-curated from the most frequent US given names (as in the
 * Social Security Administration's public-domain baby-name data) plus frequent Hispanic,
 * African-American, Asian-American and Arabic given names and common nicknames. Written
 * without accents; lookups fold diacritics.
 */
export const FIRST_NAMES = `
aaliyah aaron abby abel abigail abraham abril ada adam addison adela adelaide adele adeline adolfo adrian adriana
adrienne agnes agustin ahmad ahmed aidan aiden aileen aimee ainsley aisha aiyana alan alana albert alberta alberto
alden alec alejandra alejandro alex alexa alexander alexandra alexandria alexia alexis alfonso alfred alfredo ali
alia alice alicia alina alisha alison alissa allan allen allie allison alma alondra alonzo alvin alyssa amanda amani
amara amaya amber amelia amir amira amos amy ana anahi anastasia anaya andre andrea andres andrew andy angel angela
angelica angelina angelo angie anita ann anna annabelle anne annette annie anthony antoine antonia antonio antwan
anya april arabella araceli archer archie ari aria ariana ariel arjun arlene armando arnold arturo asher ashlee
ashley ashton athena aubrey audrey august augusto aurelio aurora austin autumn ava avery axel ayden ayesha bailey
barbara barry beatrice beatriz becky belinda bella ben benito benjamin bennett bernadette bernard bernardo bernice
bertha beth bethany betsy betty beverly bianca bill billie billy blake blanca bob bobbie bobby bonnie boris
brad bradley brady brandi brandon brandy braxton brayden brenda brendan brent brett brian briana brianna bridget
brittany brittney brock brody brooke brooklyn bruce bruno bryan bryant bryce bryson byron caden caleb callie calvin
camila cameron camille candace candice cara carina carl carla carlos carlton carly carmelo carmen carol carolina
caroline carolyn carrie carson carter casey cassandra cassidy catalina catherine cathy cecilia cedric celeste
celia cesar chad chandler charity charlene charles charlie charlotte chase chelsea cheryl chester cheyenne chloe
chris christa christian christina christine christopher christy chuck cindy claire clara clarence clarissa claude
claudia clay clayton clifford clint clinton clyde cody colby cole colin colleen collin connie connor conrad
constance consuelo cooper cora corey cornelius courtney craig cristian cristina crystal curtis cynthia daisy dakota
dale dallas damian damon dan dana daniel daniela danielle danny dante daphne darius darla darlene darnell darrell
darren darryl daryl dave david davis dawn dean deanna debbie deborah debra declan deidre delaney delia della delores
demetrius denise dennis derek derrick desiree destiny devin devon dexter diana diane dianne diego dillon dina dominic
dominique don donald donna donovan dora doris dorothy doug douglas drew duane dustin dwayne dwight dylan earl easton
ebony ed eddie edgar edith edna eduardo edward edwin efrain eileen elaine eleanor elena eli elias elijah elisa
elisabeth elise eliza elizabeth ella ellen ellie elliot elliott eloise elsa elsie elvira emanuel emerson emilia
emiliano emilio emily emma emmanuel emmett enrique eric erica erick erik erika erin ernest ernesto esmeralda
esperanza esteban estela estella estelle esther ethan eugene eunice eva evan evangeline evelyn everett ezekiel ezra
fabian faith fatima felicia felipe felix fernando fidel finn fiona flora florence floyd forrest frances francesca
francis francisco frank frankie franklin fred freddie freddy frederick gabriel gabriela gabriella gabrielle gael
gail garrett gary gavin gemma gene genesis geneva genevieve geoffrey george georgia gerald geraldine gerardo gia
gianna gilbert gilberto gina giovanni gisselle gladys glen glenda glenn gloria gonzalo gordon grace gracie graham
grant grayson greg gregory greta gretchen griffin guadalupe guillermo gustavo guy gwen gwendolyn hailey haley
hank hannah harley harold harper harrison harry harvey hassan hayden hazel heath heather hector heidi helen helena
henry herbert herman hilda hillary holly homer hope horace howard hudson hugh hugo humberto hunter ian ignacio
ingrid ira irene iris irma isaac isabel isabella isabelle isaiah isiah ismael israel ivan ivy jack jackie jackson
jacob jacqueline jada jade jaden jaime jake jamal james jamie jan jana jane janelle janet janice janie jared jasmin
jasmine jason javier jay jayden jayla jean jeanette jeanne jeff jeffery jeffrey jenna jennifer jenny jeremiah jeremy
jerome jerry jesse jessica jessie jesus jill jillian jim jimmy jo joan joann joanna joanne joaquin jocelyn jodi
jody joe joel johanna john johnathan johnny jon jonah jonathan jordan jorge jose josefina joseph josephine josh
joshua josiah joy joyce juan juana juanita judith judy jules julia julian juliana julie juliet julio julius june
justin justine kaden kai kaitlyn kara kareem karen kari karina karl karla kate katelyn katherine kathleen kathryn
kathy katie katrina kay kayla kaylee keisha keith kelly kelsey ken kendall kendra kennedy kenneth kenny kent kerry
kevin khalil kiara kim kimberly king kirk kristen kristi kristin kristina krystal kurt kyle kylie lacey lamar lance
landon lara larry latasha latisha latoya laura lauren laurie lawrence layla leah lee leila lena leo leon leonard
leonardo leroy leslie lester leticia levi lewis lila liliana lillian lily lincoln linda lindsay lindsey lionel lisa
liz liza lizbeth logan lois lola lonnie lora loren lorena lorenzo loretta lori lorraine louis louise lucas lucia
lucille lucy luis luisa luke luna lupe lupita luz lydia lyle lynn mabel mackenzie madeline madison mae maggie malcolm
malik mallory mandy manuel mara marc marcela marcia marco marcos marcus margaret margarita margie maria mariah marian
mariana marie marilyn marina mario marion marisa marisol marissa marjorie mark marlene marshall martha martin
marvin mary mason mateo mathew matilda matt matthew maureen maurice mauricio max maxine maxwell maya megan meghan
melanie melinda melissa melody melvin mercedes meredith mia micah michael michaela michele michelle miguel mike
mila miles milton mindy miranda miriam misty mitchell mohamed mohammad mohammed molly monica monique morgan moses
muhammad myra myrtle nadia nancy naomi natalia natalie natasha nathan nathaniel neil nellie nelson nicholas nichole
nick nicole nikki nina noah noel noelle nora norma norman octavio olga oliver olivia omar orlando oscar owen pablo
paige pam pamela paris parker pat patricia patrick patsy patty paul paula pauline pearl pedro peggy penelope penny
percy perla perry pete peter peyton philip phillip phoebe phyllis pierce piper preston priscilla quentin quinn
rachael rachel rafael ralph ramiro ramon ramona randall randy raquel raul ray raymond reagan rebecca reese regina
reginald reid rene renee reuben rex rhonda ricardo richard rick rickey ricky riley rita rob robert roberta roberto
robin rocio rocky rod rodney rodolfo rodrigo rogelio roger roland rolando ron ronald ronnie rosa rosalie rosalind
rosario rose rosemary ross rowan roxanne roy ruben ruby rudy russell ruth ryan sabrina sadie sally salvador sam
samantha samuel sandra sandy santiago sara sarah sasha saul savannah scarlett scott sean sebastian selena serena
sergio seth shane shannon sharon shawn shawna sheila shelby shelly sherri sherry shirley sidney sierra silvia simon
simone sofia sonia sonya sophia sophie spencer stacey stacy stanley stella stephanie stephen steve steven stuart sue
summer susan susana suzanne sydney sylvia tabitha tamara tami tammy tanya tara tatiana taylor ted teresa terrance
terrence terri terry tessa thelma theodore theresa thomas tiffany tim timothy tina toby todd tom tomas tommy toni
tony tonya tracey traci tracy travis trent trevor tricia trinity tristan troy tucker tyler tyrone ulises ursula
uriel valentina valeria valerie vanessa vaughn vera vernon veronica vicente vicki vickie victor victoria vincent
viola violet virgil virginia vivian wade walker wallace walter wanda warren wayne wendy wesley whitney will william
willie willis wilma winston wyatt xavier ximena yasmin yesenia yolanda yvette yvonne zachary zack zane zoe zoey
abdul abdullah adan adolfo agustina aida alba alfonso alma amalia amado anabel angeles antonella aracely arely
armando aurelia baltazar belen benicio blas brenda candelaria carlota carmela catalina cayetano celestino chayo
chela chema chente chucho chuy clemente concepcion conchita cruz cuauhtemoc dalia damaris dario delfina domingo
dulce edgardo efren elba eliseo elodia emilio eneida epifanio erasmo eusebio evaristo ezequiel fabiola fausto
federico fermin filiberto florencio florentino gaspar genaro gerardo gertrudis gilda graciela gregorio guadalupe
heriberto hilario horacio ines inocencio irineo isidro itzel jacinto jacobo jazmin jeronimo joaquina jovita
julieta lazaro leandro leobardo leonel leonor librada lidia lino lourdes lucero luciano macario manolo manuela
marcelino marcelo margarito maribel maricela marisela maximiliano maximo mayra micaela minerva modesto nayeli
nicanor noemi norberto octavia odalys ofelia osvaldo pancho paco pascual paulina pepe perla petra porfirio
praxedis rafaela raymundo refugio remedios reyna rigoberto rito romualdo rosalba rosalinda rosaura ruperto
sagrario salome santos saturnino severo silverio socorro susana tadeo teodoro timoteo tomasa trinidad valentin
venancio vicenta wilfredo xochitl yadira yahir yaretzi zenaida zoila pilar paz soledad amparo dolores milagros
estrella asuncion angeles paloma alegria luz marisol consuelo remedios rocio araceli
aditya akira amit anil anjali arun ashok deepak divya hiroshi jin kenji li lin mei ming priya raj rajesh ravi
rohan sanjay sara sunil vijay wei xin yan yuki yusuf zhang hao jun kwame kofi amara chidi emeka ngozi oluwaseun
tariq omar yousef layla noor zainab hamza karim samir nadia leila rania fatima aliyah imani jamal deshawn darnell
keshawn tyrell latonya shaniqua tanisha shanice kiana deja aaliyah jalen jaylen malik tremaine dwayne
`;

/**
 * Short forms that are only names ("Jen", "Liz", "Bob"); a few appear above too.
 */
export const NICKNAMES = `
abby al alex alfie ally andy angie annie barb becca becky ben benji bert beth betsy betty bev billy bob bobby brad
cam cathy charlie chris chrissy chuck cindy cliff connie dan danny dave davey deb debbie dee del deni dickie don
donnie dot doug drew ed eddie effie ellie em emmy fran frankie fred freddie gabe gabby gerry gina greg gus hal hank
harry izzy jack jackie jake jan jay jen jenn jenny jeff jerry jess jessie jim jimmy jo joe joey johnny jon jonny
josh judy jules kat kate katie kathy ken kenny kim kris larry len lenny les lexi libby lil liz lizzie lou lucy
maddie maddy mags mandy manny marge margie matt mattie meg mel mick micky mike mikey millie mimi mindy mitch molly
nan nat nate ned nick nicky nico nikki nora norm ollie pam pat patsy patty peggy pete phil polly rick ricky rob
robbie ron ronnie rosie roxy rudy russ sal sam sammy sandy sid stan steph steve stevie sue susie suzy ted teddy
terry tim timmy tina toby tom tommy toni tony trish trudy val vicky vince walt wes will willy zach zack art dj bo
cj tj aj jj pj
`;
