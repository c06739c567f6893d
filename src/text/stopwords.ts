import { InputError } from '../core/errors.js';

/**
 * Compact stop-word lists (function words: articles, pronouns, prepositions, auxiliaries,
 * conjunctions) in the spirit of the Snowball lists, plus a few very common filler words.
 * Stored as one space-separated string per language so the bundle stays small (~10 kB total).
 * Content words that some lists include (`system`, `fire`, `bill`...) are deliberately absent:
 * they name topics.
 */
const LISTS = {
  en: `a about above across after afterwards again against ago all almost alone along already also although always am among amongst an and another any anybody anyhow anyone anything anyway anywhere are aren't around as at be became because become becomes becoming been before beforehand behind being below beside besides between beyond both but by can can't cannot could couldn't did didn't do does doesn't doing don't done down during each eg either else elsewhere enough especially etc even ever every everyone everything everywhere except few for former formerly from further had hadn't has hasn't have haven't having he he'd he'll he's hence her here here's hereby herein hers herself him himself his how how's however i i'd i'll i'm i've ie if in indeed into is isn't it it's its itself just least less let's like many may me meanwhile might more moreover most mostly much must mustn't my myself namely neither never nevertheless no nobody none nor not nothing now nowhere of off often on once one ones only onto or other others otherwise ought our ours ourselves out over own per perhaps quite rather really same shall shan't she she'd she'll she's should shouldn't since so some somebody somehow someone something sometime sometimes somewhat somewhere still such than that that's the their theirs them themselves then thence there there's thereby therefore therein these they they'd they'll they're they've this those though through throughout thru thus to together too toward towards under until unto up upon us used using usually very via was wasn't we we'd we'll we're we've were weren't what what's whatever when when's whenever where where's whereas whereby wherein wherever whether which while who who's whoever whole whom whose why why's will with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself yourselves`,
  de: `aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann das dass daß dasselbe dazu dein deine deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst über um und uns unser unsere unserem unseren unserer unseres unter viel vom von vor während war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen`,
  fr: `à afin ai aie aient aies ait alors as au aucun aucune aura aurai auraient aurais aurait auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant avec avez aviez avions avoir avons ayant ayez ayons c ça car ce ceci cela celle celles celui cependant ces cet cette ceux chaque chez comme comment d dans de des donc dont du elle elles en encore entre es est et étaient étais était étant été êtes étiez étions être eu eue eues eûmes eurent eus eusse eussent eusses eussiez eussions eut eûtes eux fûmes furent fus fusse fussent fusses fussiez fussions fut fûtes ici il ils j je jusqu l la le les leur leurs lui m ma mais me même mes moi moins mon n ne ni nos notre nous on ont ou où par parce pas peu peut plus pour pourquoi qu quand que quel quelle quelles quels qui s sa sans se sera serai seraient serais serait seras serez seriez serions serons seront ses si sien soi soient sois soit sommes son sont sous soyez soyons suis sur t ta te tes toi ton tous tout toute toutes très tu un une vos votre vous y`,
  es: `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el él ella ellas ello ellos en entre era erais eran eras eres es esa esas ese eso esos esta está estaba estabais estaban estabas estad estada estadas estado estados estamos estando estáis están estar estará estarán estarás estaré estaréis estaría estaríais estaríamos estarían estarías estas estás este estemos esto estos estoy estuve estuviera estuvo fue fuera fueron fui fuimos ha habéis haber había habíais habíamos habían habías han has hasta hay haya he hemos hube hubiera hubo la las le les lo los más me mi mí mía mías mío míos mis mucho muchos muy nada ni no nos nosotras nosotros nuestra nuestras nuestro nuestros o os otra otras otro otros para pero poco por porque que qué quien quienes se sea sean ser será serán sería si sí sido siendo sin sobre sois somos son soy su sus suya suyas suyo suyos también tanto te tendrá tenemos tener tengo tenía tenido ti tiene tienen todo todos tu tú tus tuya tuyo un una uno unos vosotras vosotros vuestra vuestro y ya yo`,
  it: `a ad agli ai al alla alle allo anche avere aveva avevano c che chi ci coi col come con contro cui da dagli dai dal dalla dalle dallo degli dei del dell della delle dello di dov dove e è ed era erano essere fa fino fra fu gli ha hai hanno ho i il in io l la le lei li lo loro lui ma mi mia mie miei mio ne negli nei nel nell nella nelle nello noi non nostra nostre nostri nostro o per perché più quale quanta quante quanti quanto quella quelle quelli quello questa queste questi questo se sei si sia siamo siete sono sta stata stati stato su sua sue sugli sui sul sull sulla sulle sullo suo suoi ti tra tu tua tue tuo tuoi tutti tutto un una uno vi voi vostra vostro`,
  pt: `a à ao aos aquela aquelas aquele aqueles aquilo as às até com como da das de dela delas dele deles depois do dos e é ela elas ele eles em entre era eram essa essas esse esses esta está estão estar estas estava estavam este estes estou eu foi fomos for foram fosse fossem fui há isso isto já lhe lhes mais mas me mesmo meu meus minha minhas muito na nas não nem no nos nós nossa nossas nosso nossos num numa o os ou para pela pelas pelo pelos por qual quando que quem são se seja sejam sem ser será seu seus só sua suas também te tem têm tinha tinham tu tua tuas um uma umas uns você vocês vos`,
  nl: `aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou`,
} as const;

/** Languages with a built-in stop-word list. */
export const STOP_WORD_LANGUAGES = Object.freeze(Object.keys(LISTS)) as readonly StopWordLanguage[];

/** A language code with a built-in stop-word list (`en`, `de`, `fr`, `es`, `it`, `pt`, `nl`). */
export type StopWordLanguage = keyof typeof LISTS;

/** True when `language` has a built-in list. @example isStopWordLanguage('de') // true */
export function isStopWordLanguage(language: string): language is StopWordLanguage {
  return Object.prototype.hasOwnProperty.call(LISTS, language);
}

const cache = new Map<StopWordLanguage, ReadonlySet<string>>();

/**
 * The stop words of a language as a read-only set of lowercase words (English contractions use the
 * straight apostrophe, matching {@link tokenize}'s output).
 *
 * @example
 * stopWords('en').has('the'); // true
 * stopWords('fr').has('les'); // true
 */
export function stopWords(language: string = 'en'): ReadonlySet<string> {
  const code = language.toLowerCase().slice(0, 2);
  if (!isStopWordLanguage(code)) {
    throw new InputError(`No built-in stop words for language "${language}".`, {
      code: 'UNKNOWN_LANGUAGE',
      field: 'language',
      fix: `Use one of ${STOP_WORD_LANGUAGES.join(', ')}, or pass your own list as stopWords.`,
    });
  }
  let set = cache.get(code);
  if (!set) {
    set = new Set(LISTS[code].split(' '));
    cache.set(code, set);
  }
  return set;
}
