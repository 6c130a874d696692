"""Sentences written for bench/languages.py: six news-style sentences per language, each one on its own (a
short text) and all six together (an article of 80 to 110 words).

The supported languages first, then languages we do not summarise, which detection must name rather
than take for one we do. Written for this benchmark (no corpus ships offline); each sentence is one a
newspaper could print, with the abbreviations, numbers and names that make real text hard.
"""

from __future__ import annotations

SUPPORTED: dict[str, list[str]] = {
    "czech": [
        "Vláda ve středu schválila nový zákon o ochraně klimatu.",
        "Podle ministra životního prostředí má zákon urychlit výstavbu větrných elektráren.",
        "Opozice tvrdí, že opatření jsou příliš mírná a přijdou pozdě.",
        "Poslanci budou o návrhu hlasovat na začátku října.",
        "Ekologické organizace zákon přivítaly, ale žádají přísnější limity pro průmysl.",
        "Ceny elektřiny pro domácnosti by se podle odhadů neměly výrazně zvýšit.",
    ],
    "danish": [
        "Regeringen fremlagde onsdag et nyt lovforslag om klimaet.",
        "Ifølge miljøministeren skal loven gøre det lettere at bygge vindmøller på land.",
        "Oppositionen mener, at tiltagene er for svage og kommer alt for sent.",
        "Folketinget skal stemme om forslaget i begyndelsen af oktober.",
        "Miljøorganisationerne hilser loven velkommen, men kræver strengere krav til industrien.",
        "Elpriserne for almindelige husstande ventes ikke at stige mærkbart.",
    ],
    "dutch": [
        "Het kabinet heeft woensdag een nieuwe klimaatwet gepresenteerd.",
        "Volgens de minister moet de wet de bouw van windmolens op land versnellen.",
        "De oppositie vindt dat de maatregelen te zwak zijn en veel te laat komen.",
        "De Tweede Kamer stemt begin oktober over het voorstel.",
        "Milieuorganisaties zijn blij met de wet, maar willen strengere regels voor de industrie.",
        "De stroomprijzen voor huishoudens zullen naar verwachting niet sterk stijgen.",
    ],
    "english": [
        "The government presented a new climate bill on Wednesday.",
        "According to the environment minister, the law should speed up the building of onshore wind farms.",
        "The opposition says the measures are too weak and come far too late.",
        "Parliament will vote on the proposal at the beginning of October.",
        "Environmental groups welcomed the bill but want stricter rules for industry.",
        "Electricity prices for households are not expected to rise much.",
    ],
    "finnish": [
        "Hallitus esitteli keskiviikkona uuden ilmastolain.",
        "Ympäristöministerin mukaan lain pitäisi nopeuttaa tuulivoimaloiden rakentamista maalla.",
        "Oppositio pitää toimia liian heikkoina ja sanoo niiden tulevan aivan liian myöhään.",
        "Eduskunta äänestää esityksestä lokakuun alussa.",
        "Ympäristöjärjestöt ottivat lain myönteisesti vastaan mutta vaativat teollisuudelle tiukempia sääntöjä.",
        "Kotitalouksien sähkön hinnan ei odoteta nousevan merkittävästi.",
    ],
    "french": [
        "Le gouvernement a présenté mercredi un nouveau projet de loi sur le climat.",
        "Selon la ministre de l'Environnement, la loi doit accélérer la construction d'éoliennes terrestres.",
        "L'opposition juge les mesures trop faibles et beaucoup trop tardives.",
        "Les députés voteront sur le texte au début du mois d'octobre.",
        "Les associations écologistes saluent la loi mais réclament des règles plus strictes pour l'industrie.",
        "Les prix de l'électricité pour les ménages ne devraient pas beaucoup augmenter.",
    ],
    "german": [
        "Die Bundesregierung hat am Mittwoch ein neues Klimaschutzgesetz vorgestellt.",
        "Nach Angaben der Umweltministerin soll das Gesetz den Bau von Windrädern an Land beschleunigen.",
        "Die Opposition hält die Maßnahmen für zu schwach und kritisiert, dass sie viel zu spät kommen.",
        "Der Bundestag wird Anfang Oktober über den Entwurf abstimmen.",
        "Umweltverbände begrüßen das Gesetz, fordern aber strengere Vorgaben für die Industrie.",
        "Die Strompreise für private Haushalte sollen nach Schätzungen kaum steigen.",
    ],
    "greek": [
        "Η κυβέρνηση παρουσίασε την Τετάρτη ένα νέο νομοσχέδιο για το κλίμα.",
        "Σύμφωνα με την υπουργό Περιβάλλοντος, ο νόμος θα επιταχύνει την κατασκευή αιολικών πάρκων.",
        "Η αντιπολίτευση θεωρεί ότι τα μέτρα είναι πολύ αδύναμα και έρχονται πολύ αργά.",
        "Η Βουλή θα ψηφίσει το νομοσχέδιο στις αρχές Οκτωβρίου.",
        "Οι περιβαλλοντικές οργανώσεις χαιρέτισαν τον νόμο, αλλά ζητούν αυστηρότερους κανόνες για τη βιομηχανία.",
        "Οι τιμές του ρεύματος για τα νοικοκυριά δεν αναμένεται να αυξηθούν σημαντικά.",
    ],
    "italian": [
        "Il governo ha presentato mercoledì un nuovo disegno di legge sul clima.",
        "Secondo la ministra dell'Ambiente, la legge dovrebbe accelerare la costruzione di impianti eolici.",
        "L'opposizione ritiene che le misure siano troppo deboli e arrivino troppo tardi.",
        "Il Parlamento voterà il provvedimento all'inizio di ottobre.",
        "Le associazioni ambientaliste accolgono la legge, ma chiedono regole più severe per l'industria.",
        "I prezzi dell'elettricità per le famiglie non dovrebbero aumentare molto.",
    ],
    "norwegian": [
        "Regjeringen la onsdag fram et nytt lovforslag om klima.",
        "Ifølge klimaministeren skal loven gjøre det raskere å bygge vindkraftverk på land.",
        "Opposisjonen mener tiltakene er for svake og kommer altfor sent.",
        "Stortinget skal stemme over forslaget i begynnelsen av oktober.",
        "Miljøorganisasjonene ønsker loven velkommen, men krever strengere regler for industrien.",
        "Strømprisene for vanlige husholdninger ventes ikke å øke særlig mye.",
    ],
    "polish": [
        "Rząd przedstawił w środę nowy projekt ustawy o ochronie klimatu.",
        "Według minister środowiska ustawa ma przyspieszyć budowę farm wiatrowych na lądzie.",
        "Opozycja uważa, że proponowane środki są zbyt słabe i przychodzą za późno.",
        "Sejm będzie głosował nad projektem na początku października.",
        "Organizacje ekologiczne z zadowoleniem przyjęły ustawę, ale domagają się surowszych przepisów dla przemysłu.",
        "Ceny prądu dla gospodarstw domowych nie powinny znacząco wzrosnąć.",
    ],
    "portuguese": [
        "O governo apresentou na quarta-feira um novo projeto de lei sobre o clima.",
        "Segundo a ministra do Ambiente, a lei deve acelerar a construção de parques eólicos em terra.",
        "A oposição considera que as medidas são demasiado fracas e chegam tarde demais.",
        "O parlamento vai votar a proposta no início de outubro.",
        "As associações ambientalistas saudaram a lei, mas exigem regras mais rigorosas para a indústria.",
        "Os preços da eletricidade para as famílias não deverão subir muito.",
    ],
    "russian": [
        "Правительство в среду представило новый законопроект о защите климата.",
        "По словам министра природных ресурсов, закон должен ускорить строительство ветряных электростанций.",
        "Оппозиция считает эти меры слишком слабыми и запоздалыми.",
        "Депутаты проголосуют по законопроекту в начале октября.",
        "Экологические организации приветствовали закон, но требуют более строгих правил для промышленности.",
        "Цены на электроэнергию для населения, по оценкам, заметно не вырастут.",
    ],
    "spanish": [
        "El Gobierno presentó el miércoles un nuevo proyecto de ley sobre el clima.",
        "Según la ministra de Medio Ambiente, la ley debe acelerar la construcción de parques eólicos en tierra.",
        "La oposición considera que las medidas son demasiado débiles y llegan demasiado tarde.",
        "El Congreso votará la propuesta a principios de octubre.",
        "Las organizaciones ecologistas celebran la ley, pero piden normas más estrictas para la industria.",
        "No se espera que los precios de la electricidad para los hogares suban mucho.",
    ],
    "swedish": [
        "Regeringen presenterade i onsdags ett nytt lagförslag om klimatet.",
        "Enligt miljöministern ska lagen göra det lättare att bygga vindkraftverk på land.",
        "Oppositionen anser att åtgärderna är för svaga och kommer alldeles för sent.",
        "Riksdagen ska rösta om förslaget i början av oktober.",
        "Miljöorganisationerna välkomnar lagen men kräver hårdare regler för industrin.",
        "Elpriserna för vanliga hushåll väntas inte stiga nämnvärt.",
    ],
    "turkish": [
        "Hükümet çarşamba günü iklim konusunda yeni bir yasa tasarısı sundu.",
        "Çevre bakanına göre yasa, karada rüzgar santrallerinin yapımını hızlandıracak.",
        "Muhalefet, önlemlerin çok zayıf olduğunu ve çok geç geldiğini savunuyor.",
        "Meclis tasarıyı ekim ayının başında oylayacak.",
        "Çevre örgütleri yasayı memnuniyetle karşıladı ancak sanayi için daha sıkı kurallar istiyor.",
        "Hanelerin elektrik fiyatlarının fazla artması beklenmiyor.",
    ],
}

# Languages we do not summarise (Punkt has Estonian and Slovene, Snowball has Hungarian and Romanian,
# neither has both): detection should name them, and the service refuse them with a 422.
UNSUPPORTED: dict[str, list[str]] = {
    "estonian": [
        "Valitsus esitles kolmapäeval uut kliimaseaduse eelnõu.",
        "Keskkonnaministri sõnul peaks seadus kiirendama tuuleparkide ehitamist maismaal.",
        "Opositsiooni hinnangul on meetmed liiga nõrgad ja tulevad liiga hilja.",
        "Riigikogu hääletab eelnõu üle oktoobri alguses.",
        "Keskkonnaorganisatsioonid tervitasid seadust, kuid nõuavad tööstusele rangemaid reegleid.",
        "Kodumajapidamiste elektrihinnad ei peaks oluliselt tõusma.",
    ],
    "hungarian": [
        "A kormány szerdán új klímavédelmi törvényjavaslatot mutatott be.",
        "A környezetvédelmi miniszter szerint a törvény felgyorsítja a szélerőművek építését.",
        "Az ellenzék szerint az intézkedések túl gyengék, és túl későn érkeznek.",
        "Az Országgyűlés október elején szavaz a javaslatról.",
        "A környezetvédő szervezetek üdvözölték a törvényt, de szigorúbb szabályokat követelnek az ipar számára.",
        "A háztartások áramárai várhatóan nem emelkednek jelentősen.",
    ],
    "romanian": [
        "Guvernul a prezentat miercuri un nou proiect de lege privind clima.",
        "Potrivit ministrului mediului, legea ar trebui să accelereze construcția parcurilor eoliene.",
        "Opoziția consideră că măsurile sunt prea slabe și vin prea târziu.",
        "Parlamentul va vota proiectul la începutul lunii octombrie.",
        "Organizațiile de mediu au salutat legea, dar cer reguli mai stricte pentru industrie.",
        "Prețurile la energie electrică pentru gospodării nu ar trebui să crească semnificativ.",
    ],
    "slovene": [
        "Vlada je v sredo predstavila nov predlog zakona o podnebju.",
        "Po besedah ministrice za okolje naj bi zakon pospešil gradnjo vetrnih elektrarn na kopnem.",
        "Opozicija meni, da so ukrepi preslabi in da prihajajo veliko prepozno.",
        "Poslanci bodo o predlogu glasovali v začetku oktobra.",
        "Okoljske organizacije so zakon pozdravile, vendar zahtevajo strožja pravila za industrijo.",
        "Cene elektrike za gospodinjstva naj se ne bi bistveno zvišale.",
    ],
}
