"""The first version of every letter template: eight kinds in Dutch, English, French and Arabic.

Loaded once by the data migration `0002_seed_templates`; after that an administrator edits them as new
versions in the admin (docs/letters.md). Plain language, short sentences; the service is synthetic.
Placeholders are the closed list of `domain.PLACEHOLDERS`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SEED_VALID_FROM = dt.date(2026, 1, 1)

_CLOSING = {
    "nl": "Met vriendelijke groet,\n\n{{ case.manager }}\nregievoerder, Dienst Terugkeer en Vertrek (voorbeeld)",
    "en": "Kind regards,\n\n{{ case.manager }}\nCase manager, Repatriation and Departure Service (example)",
    "fr": (
        "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n\n"
        "{{ case.manager }}\nChargé(e) de dossier, Service du retour et du départ (exemple)"
    ),
    "ar": "مع خالص التحية،\n\n{{ case.manager }}\nالمسؤول(ة) عن ملفك، دائرة العودة والمغادرة (مثال)",
}
_GREETING = {
    "nl": "Geachte {{ person.full_name }},",
    "en": "Dear {{ person.full_name }},",
    "fr": "Madame, Monsieur,",
    "ar": "السيد/السيدة {{ person.full_name }}،",
}
_QUESTIONS = {
    "nl": "Heeft u vragen? Neem dan contact op met uw regievoerder. Noem altijd het kenmerk {{ letter.reference }}.",
    "en": "Do you have any questions? Please contact your case manager. Always quote the reference {{ letter.reference }}.",
    "fr": (
        "Vous avez des questions ? Contactez votre chargé(e) de dossier. "
        "Indiquez toujours la référence {{ letter.reference }}."
    ),
    "ar": "هل لديك أسئلة؟ تواصل مع المسؤول عن ملفك. اذكر دائمًا المرجع {{ letter.reference }}.",
}
_LAWYER = {
    "nl": "Bent u het niet eens met deze maatregel? Uw advocaat kan u vertellen wat u kunt doen.",
    "en": "Do you disagree with this measure? Your lawyer can tell you what you can do.",
    "fr": "Vous n'êtes pas d'accord avec cette mesure ? Votre avocat peut vous dire ce que vous pouvez faire.",
    "ar": "إذا كنت لا توافق على هذا الإجراء، يستطيع محاميك أن يشرح لك ما يمكنك فعله.",
}

_BODIES: dict[str, dict[str, tuple[str, str]]] = {
    "interview_invitation": {
        "nl": (
            "Uitnodiging voor een vertrekgesprek",
            "U heeft geen recht meer om in Nederland te blijven. U moet Nederland verlaten. De Dienst Terugkeer "
            "en Vertrek helpt u daarbij. Daarom nodigen wij u uit voor een gesprek over uw vertrek.\n\n"
            "Datum: {{ interview.date }}\nTijd: {{ interview.time }}\nPlaats: {{ interview.place }}\n\n"
            "In het gesprek praten wij over uw terugkeer, over uw situatie en over de hulp die u kunt krijgen. "
            "Als u een tolk nodig heeft, zorgen wij daarvoor. Neem deze brief mee, en ook uw paspoort of "
            "identiteitsbewijs als u dat heeft.\n\n"
            "Kunt u niet komen? Laat het ons dan zo snel mogelijk weten.",
        ),
        "en": (
            "Invitation to a departure interview",
            "You no longer have the right to stay in the Netherlands. You must leave the Netherlands. The "
            "Repatriation and Departure Service helps you to do so. That is why we invite you to an interview "
            "about your departure.\n\n"
            "Date: {{ interview.date }}\nTime: {{ interview.time }}\nPlace: {{ interview.place }}\n\n"
            "In the interview we talk about your return, about your situation and about the help you can get. "
            "If you need an interpreter, we will arrange one. Please bring this letter, and your passport or "
            "identity document if you have one.\n\n"
            "If you cannot come, please let us know as soon as possible.",
        ),
        "fr": (
            "Convocation à un entretien de départ",
            "Vous n'avez plus le droit de rester aux Pays-Bas. Vous devez quitter les Pays-Bas. Le Service du "
            "retour et du départ vous aide à le faire. C'est pourquoi nous vous invitons à un entretien sur "
            "votre départ.\n\n"
            "Date : {{ interview.date }}\nHeure : {{ interview.time }}\nLieu : {{ interview.place }}\n\n"
            "Pendant l'entretien, nous parlerons de votre retour, de votre situation et de l'aide que vous "
            "pouvez recevoir. Si vous avez besoin d'un interprète, nous nous en occupons. Apportez cette "
            "lettre, ainsi que votre passeport ou votre pièce d'identité si vous en avez.\n\n"
            "Si vous ne pouvez pas venir, prévenez-nous le plus vite possible.",
        ),
        "ar": (
            "دعوة إلى مقابلة بشأن المغادرة",
            "لم يعد لديك الحق في البقاء في هولندا. يجب عليك مغادرة هولندا. تساعدك دائرة العودة والمغادرة على "
            "ذلك. لهذا ندعوك إلى مقابلة للحديث عن مغادرتك.\n\n"
            "التاريخ: {{ interview.date }}\nالوقت: {{ interview.time }}\nالمكان: {{ interview.place }}\n\n"
            "سنتحدث في المقابلة عن عودتك وعن وضعك وعن المساعدة التي يمكنك الحصول عليها. إذا كنت بحاجة إلى "
            "مترجم، فسنوفره لك. أحضر معك هذه الرسالة، وجواز سفرك أو وثيقة هويتك إن كانت لديك.\n\n"
            "إذا لم تستطع الحضور، فأخبرنا بذلك في أسرع وقت ممكن.",
        ),
    },
    "reporting_duty": {
        "nl": (
            "Kennisgeving meldplicht",
            "Met deze brief laten wij u weten dat u vanaf {{ reporting.start }} een meldplicht heeft. Dat "
            "betekent dat u zich regelmatig persoonlijk moet melden.\n\n"
            "Waar: {{ reporting.location }}\nHoe vaak: {{ reporting.frequency }}\n\n"
            "De meldplicht is opgelegd op grond van {{ reporting.basis }}. Zo houden wij contact met u terwijl "
            "uw vertrek wordt voorbereid.\n\n"
            "Neem bij elke melding deze brief mee, en een identiteitsbewijs als u dat heeft. Meldt u zich niet, "
            "dan kan er een zwaardere maatregel volgen. Kunt u zich een keer niet melden, bijvoorbeeld omdat u "
            "ziek bent? Laat het uw regievoerder dan vooraf weten.",
        ),
        "en": (
            "Notice of the duty to report",
            "With this letter we inform you that from {{ reporting.start }} you have a duty to report. This "
            "means that you must report in person at regular times.\n\n"
            "Where: {{ reporting.location }}\nHow often: {{ reporting.frequency }}\n\n"
            "The duty to report has been imposed under {{ reporting.basis }}. In this way we stay in contact "
            "with you while your departure is being prepared.\n\n"
            "Bring this letter each time you report, and an identity document if you have one. If you do not "
            "report, a stricter measure may follow. If you cannot report on a certain day, for example because "
            "you are ill, tell your case manager beforehand.",
        ),
        "fr": (
            "Notification de l'obligation de se présenter",
            "Par cette lettre, nous vous informons qu'à partir du {{ reporting.start }}, vous avez l'obligation "
            "de vous présenter. Cela veut dire que vous devez vous présenter en personne à intervalles "
            "réguliers.\n\n"
            "Où : {{ reporting.location }}\nÀ quelle fréquence : {{ reporting.frequency }}\n\n"
            "Cette obligation vous est imposée sur la base de l'{{ reporting.basis }}. Elle nous permet de "
            "garder le contact avec vous pendant la préparation de votre départ.\n\n"
            "Apportez cette lettre à chaque fois, ainsi qu'une pièce d'identité si vous en avez une. Si vous ne "
            "vous présentez pas, une mesure plus sévère peut être prise. Si vous ne pouvez pas venir un jour, "
            "par exemple parce que vous êtes malade, prévenez votre chargé(e) de dossier à l'avance.",
        ),
        "ar": (
            "إشعار بواجب الحضور والإبلاغ",
            "نُعلمك بهذه الرسالة أنه اعتبارًا من {{ reporting.start }} يجب عليك الحضور والإبلاغ عن نفسك. وهذا "
            "يعني أنه يجب عليك الحضور شخصيًا بشكل منتظم.\n\n"
            "المكان: {{ reporting.location }}\nعدد المرات: {{ reporting.frequency }}\n\n"
            "فُرض عليك هذا الواجب بموجب {{ reporting.basis }}. وبذلك نبقى على تواصل معك أثناء التحضير "
            "لمغادرتك.\n\n"
            "أحضر معك هذه الرسالة في كل مرة، ووثيقة هوية إن كانت لديك. إذا لم تحضر، فقد يُفرض عليك إجراء أشد. "
            "إذا لم تستطع الحضور في يوم ما، مثلا بسبب المرض، فأخبر المسؤول عن ملفك مسبقًا.",
        ),
    },
    "vbl_placement": {
        "nl": (
            "Kennisgeving plaatsing in een vrijheidsbeperkende locatie",
            "Met deze brief laten wij u weten dat u vanaf {{ vbl.start }} verblijft in de vrijheidsbeperkende "
            "locatie (VBL) {{ vbl.location }}. Deze maatregel is opgelegd op grond van {{ vbl.basis }}.\n\n"
            "In de VBL krijgt u onderdak. U mag de gemeente waarin de locatie ligt niet verlaten, en u moet "
            "zich regelmatig melden. In deze tijd werken wij met u aan uw vertrek uit Nederland.\n\n"
            "Wij beoordelen uw verblijf in de VBL uiterlijk op {{ vbl.review_date }}.",
        ),
        "en": (
            "Notice of placement in a freedom-restricting location",
            "With this letter we inform you that from {{ vbl.start }} you stay in the freedom-restricting "
            "location (VBL) {{ vbl.location }}. This measure has been imposed under {{ vbl.basis }}.\n\n"
            "In the VBL you are given accommodation. You may not leave the municipality where the location is, "
            "and you must report regularly. During this time we work with you on your departure from the "
            "Netherlands.\n\n"
            "We will review your stay in the VBL no later than {{ vbl.review_date }}.",
        ),
        "fr": (
            "Notification du placement dans un lieu restrictif de liberté",
            "Par cette lettre, nous vous informons qu'à partir du {{ vbl.start }}, vous séjournez dans le lieu "
            "restrictif de liberté (VBL) {{ vbl.location }}. Cette mesure vous est imposée sur la base de "
            "l'{{ vbl.basis }}.\n\n"
            "Dans le VBL, vous êtes hébergé(e). Vous ne pouvez pas quitter la commune où se trouve le lieu, et "
            "vous devez vous présenter régulièrement. Pendant cette période, nous préparons avec vous votre "
            "départ des Pays-Bas.\n\n"
            "Nous réexaminerons votre séjour dans le VBL au plus tard le {{ vbl.review_date }}.",
        ),
        "ar": (
            "إشعار بالإيداع في مكان مقيد للحرية",
            "نُعلمك بهذه الرسالة أنك ستقيم اعتبارًا من {{ vbl.start }} في المكان المقيد للحرية (VBL) "
            "{{ vbl.location }}. فُرض هذا الإجراء بموجب {{ vbl.basis }}.\n\n"
            "ستحصل في هذا المكان على سكن. لا يجوز لك مغادرة البلدية التي يقع فيها المكان، ويجب عليك الحضور "
            "والإبلاغ بانتظام. خلال هذه الفترة نعمل معك على مغادرتك لهولندا.\n\n"
            "سنراجع إقامتك في هذا المكان في موعد أقصاه {{ vbl.review_date }}.",
        ),
    },
    "support_granted": {
        "nl": (
            "Besluit over uw aanvraag voor ondersteuning: toegekend",
            "Op {{ support.decision_date }} hebben wij besloten dat u ondersteuning krijgt bij uw terugkeer: "
            "{{ support.programme }}.\n\n"
            "Het bedrag is in totaal {{ support.amount }}.\nDaarvan krijgt u contant: {{ support.cash }}.\n"
            "In natura (bijvoorbeeld spullen of hulp bij het starten van een eigen bedrijf): "
            "{{ support.in_kind }}.\n\n"
            "U krijgt de ondersteuning alleen als u Nederland echt verlaat. Een partnerorganisatie neemt "
            "contact met u op over hoe en wanneer u de ondersteuning krijgt.",
        ),
        "en": (
            "Decision on your application for support: granted",
            "On {{ support.decision_date }} we decided that you will receive support for your return: "
            "{{ support.programme }}.\n\n"
            "The total amount is {{ support.amount }}.\nOf this, you receive in cash: {{ support.cash }}.\n"
            "In kind (for example goods, or help to start your own business): {{ support.in_kind }}.\n\n"
            "You only receive the support if you actually leave the Netherlands. A partner organisation will "
            "contact you about how and when you receive it.",
        ),
        "fr": (
            "Décision sur votre demande d'aide : accordée",
            "Le {{ support.decision_date }}, nous avons décidé de vous accorder une aide pour votre retour : "
            "{{ support.programme }}.\n\n"
            "Le montant total est de {{ support.amount }}.\nDont en espèces : {{ support.cash }}.\n"
            "En nature (par exemple du matériel, ou une aide pour créer votre propre entreprise) : "
            "{{ support.in_kind }}.\n\n"
            "Vous ne recevez cette aide que si vous quittez réellement les Pays-Bas. Une organisation "
            "partenaire vous contactera pour vous dire comment et quand vous la recevrez.",
        ),
        "ar": (
            "قرار بشأن طلبك للحصول على الدعم: تمت الموافقة",
            "قررنا بتاريخ {{ support.decision_date }} أن تحصل على دعم لعودتك: {{ support.programme }}.\n\n"
            "المبلغ الإجمالي هو {{ support.amount }}.\nتحصل منه نقدًا على: {{ support.cash }}.\n"
            "وعينيًا (مثل أغراض أو مساعدة في بدء مشروعك الخاص): {{ support.in_kind }}.\n\n"
            "لن تحصل على هذا الدعم إلا إذا غادرت هولندا فعلا. ستتواصل معك منظمة شريكة لتخبرك كيف ومتى "
            "ستحصل عليه.",
        ),
    },
    "support_refused": {
        "nl": (
            "Besluit over uw aanvraag voor ondersteuning: afgewezen",
            "Op {{ support.decision_date }} hebben wij besloten dat u geen {{ support.programme }} krijgt.\n\n"
            "De reden is: {{ support.reason }}\n\n"
            "U kunt nog steeds hulp krijgen bij het regelen van uw vertrek. Uw regievoerder bespreekt graag met "
            "u welke mogelijkheden er zijn.",
        ),
        "en": (
            "Decision on your application for support: refused",
            "On {{ support.decision_date }} we decided that you will not receive the following support: "
            "{{ support.programme }}.\n\n"
            "The reason, as recorded by your case manager: {{ support.reason }}\n\n"
            "You can still get help to arrange your departure. Your case manager will gladly discuss the "
            "options with you.",
        ),
        "fr": (
            "Décision sur votre demande d'aide : refusée",
            "Le {{ support.decision_date }}, nous avons décidé de ne pas vous accorder l'aide suivante : "
            "{{ support.programme }}.\n\n"
            "Le motif, tel qu'il a été noté par votre chargé(e) de dossier : {{ support.reason }}\n\n"
            "Vous pouvez toujours recevoir de l'aide pour organiser votre départ. Votre chargé(e) de dossier "
            "examinera volontiers les possibilités avec vous.",
        ),
        "ar": (
            "قرار بشأن طلبك للحصول على الدعم: تم الرفض",
            "قررنا بتاريخ {{ support.decision_date }} ألا تحصل على الدعم التالي: {{ support.programme }}.\n\n"
            "السبب كما سجله المسؤول عن ملفك: {{ support.reason }}\n\n"
            "لا يزال بإمكانك الحصول على مساعدة في ترتيب مغادرتك. يسعد المسؤول عن ملفك أن يناقش معك الإمكانيات "
            "المتاحة.",
        ),
    },
    "lp_signing": {
        "nl": (
            "Uitnodiging om de formulieren voor een laissez-passer te ondertekenen",
            "Om naar {{ lp.country }} te reizen, heeft u een reisdocument nodig. Daarom vragen wij de "
            "autoriteiten van {{ lp.country }} om een vervangend reisdocument, een laissez-passer (LP). U moet "
            "de formulieren voor deze aanvraag zelf ondertekenen.\n\n"
            "Wij nodigen u uit om de formulieren te ondertekenen:\n"
            "Datum: {{ interview.date }}\nTijd: {{ interview.time }}\nPlaats: {{ interview.place }}\n\n"
            "Neem recente pasfoto's mee, en alle papieren die iets zeggen over wie u bent en waar u vandaan "
            "komt, zoals een geboorteakte of een identiteitskaart.\n\n"
            "U bent verplicht mee te werken aan uw vertrek ({{ departure_term.basis }}). Weigert u te "
            "tekenen, dan leggen wij dat vast in uw dossier. Dat kan gevolgen hebben voor de maatregelen die "
            "wij nemen.",
        ),
        "en": (
            "Invitation to sign the forms for a laissez-passer",
            "To travel to {{ lp.country }} you need a travel document. That is why we ask the authorities of "
            "{{ lp.country }} for a replacement travel document, a laissez-passer (LP). You must sign the forms "
            "for this request yourself.\n\n"
            "We invite you to sign the forms:\n"
            "Date: {{ interview.date }}\nTime: {{ interview.time }}\nPlace: {{ interview.place }}\n\n"
            "Please bring recent passport photos, and all papers that show who you are and where you come "
            "from, such as a birth certificate or an identity card.\n\n"
            "You are obliged to cooperate with your departure ({{ departure_term.basis }}). If you refuse to "
            "sign, we will record this in your file. This may affect the measures we take.",
        ),
        "fr": (
            "Convocation pour signer les formulaires d'un laissez-passer",
            "Pour voyager vers le pays suivant : {{ lp.country }}, vous avez besoin d'un document de voyage. "
            "C'est pourquoi nous demandons aux autorités de ce pays un document de voyage de remplacement, un "
            "laissez-passer (LP). Vous devez signer vous-même les formulaires de cette demande.\n\n"
            "Nous vous invitons à signer les formulaires :\n"
            "Date : {{ interview.date }}\nHeure : {{ interview.time }}\nLieu : {{ interview.place }}\n\n"
            "Apportez des photos d'identité récentes, ainsi que tous les papiers qui montrent qui vous êtes et "
            "d'où vous venez, comme un acte de naissance ou une carte d'identité.\n\n"
            "Vous êtes tenu(e) de coopérer à votre départ ({{ departure_term.basis }}). Si vous refusez de "
            "signer, nous le noterons dans votre dossier. Cela peut avoir des conséquences sur les mesures que "
            "nous prenons.",
        ),
        "ar": (
            "دعوة لتوقيع استمارات وثيقة المرور (laissez-passer)",
            "للسفر إلى {{ lp.country }} تحتاج إلى وثيقة سفر. لذلك نطلب من سلطات {{ lp.country }} وثيقة سفر "
            "بديلة، وهي وثيقة المرور (LP). يجب عليك أن توقع بنفسك على استمارات هذا الطلب.\n\n"
            "ندعوك لتوقيع الاستمارات:\n"
            "التاريخ: {{ interview.date }}\nالوقت: {{ interview.time }}\nالمكان: {{ interview.place }}\n\n"
            "أحضر معك صورًا شخصية حديثة، وكل الأوراق التي تثبت من أنت ومن أين أتيت، مثل شهادة الميلاد أو "
            "بطاقة الهوية.\n\n"
            "أنت ملزم بالتعاون في مغادرتك ({{ departure_term.basis }}). إذا رفضت التوقيع، فسنسجل ذلك في ملفك. "
            "وقد يؤثر ذلك على الإجراءات التي نتخذها.",
        ),
    },
    "departure_notice": {
        "nl": (
            "Kennisgeving van uw geplande vertrek",
            "Met deze brief laten wij u weten dat uw vertrek uit Nederland is gepland.\n\n"
            "Datum: {{ departure.date }}\nTijd van vertrek: {{ departure.time }}\n"
            "Vlucht: {{ departure.flight }}, van {{ departure.from_airport }} naar {{ departure.to_airport }}\n"
            "Bestemming: {{ departure.destination }}\n\n"
            "De termijn om Nederland zelf te verlaten eindigt of eindigde op {{ departure_term.end }} "
            "({{ departure_term.basis }}). Wie Nederland niet zelf verlaat, kan worden uitgezet "
            "({{ departure.basis }}).\n\n"
            "Zorg dat uw bagage klaarstaat. Vóór het vertrek controleren wij samen met u uw ticket, uw geld, uw "
            "bagage en uw reisdocument.",
        ),
        "en": (
            "Notice of your planned departure",
            "With this letter we inform you that your departure from the Netherlands has been planned.\n\n"
            "Date: {{ departure.date }}\nTime of departure: {{ departure.time }}\n"
            "Flight: {{ departure.flight }}, from {{ departure.from_airport }} to {{ departure.to_airport }}\n"
            "Destination: {{ departure.destination }}\n\n"
            "The period in which to leave the Netherlands on your own ends or ended on {{ departure_term.end }} "
            "({{ departure_term.basis }}). A person who does not leave the Netherlands on their own can be "
            "removed ({{ departure.basis }}).\n\n"
            "Make sure your luggage is ready. Before the departure we check your ticket, your money, your "
            "luggage and your travel document together with you.",
        ),
        "fr": (
            "Notification de votre départ prévu",
            "Par cette lettre, nous vous informons que votre départ des Pays-Bas est prévu.\n\n"
            "Date : {{ departure.date }}\nHeure de départ : {{ departure.time }}\n"
            "Vol : {{ departure.flight }}, de {{ departure.from_airport }} à {{ departure.to_airport }}\n"
            "Destination : {{ departure.destination }}\n\n"
            "Le délai pour quitter les Pays-Bas par vous-même prend ou a pris fin le {{ departure_term.end }} "
            "({{ departure_term.basis }}). Une personne qui ne quitte pas les Pays-Bas par elle-même peut être "
            "éloignée ({{ departure.basis }}).\n\n"
            "Préparez vos bagages. Avant le départ, nous vérifions avec vous votre billet, votre argent, vos "
            "bagages et votre document de voyage.",
        ),
        "ar": (
            "إشعار بموعد مغادرتك المقررة",
            "نُعلمك بهذه الرسالة أنه تم تحديد موعد مغادرتك من هولندا.\n\n"
            "التاريخ: {{ departure.date }}\nوقت المغادرة: {{ departure.time }}\n"
            "الرحلة: {{ departure.flight }}، من {{ departure.from_airport }} إلى {{ departure.to_airport }}\n"
            "الوجهة: {{ departure.destination }}\n\n"
            "تنتهي أو انتهت مهلة مغادرتك لهولندا بنفسك في {{ departure_term.end }} ({{ departure_term.basis }}). "
            "ومن لا يغادر هولندا بنفسه يمكن ترحيله ({{ departure.basis }}).\n\n"
            "جهّز أمتعتك. قبل المغادرة سنتحقق معك من تذكرتك ونقودك وأمتعتك ووثيقة سفرك.",
        ),
    },
    "plan_summary": {
        "nl": (
            "Samenvatting van uw vertrekplan",
            "Hieronder staat een samenvatting van uw vertrekplan, versie {{ plan.version }} van "
            "{{ plan.date }}. Dit plan hebben wij met u besproken in de vertrekgesprekken.\n\n"
            "Onze aanpak:\n{{ plan.strategy }}\n\n"
            "Afgesproken vervolgstappen:\n{{ plan.next_steps }}\n\n"
            "De termijn om Nederland zelf te verlaten eindigt of eindigde op {{ departure_term.end }} "
            "({{ departure_term.basis }}).\n\n"
            "Is er iets veranderd in uw situatie? Vertel het uw regievoerder, dan passen wij het plan aan.",
        ),
        "en": (
            "Summary of your departure plan",
            "Below is a summary of your departure plan, version {{ plan.version }} of {{ plan.date }}. We "
            "discussed this plan with you in the departure interviews. The plan is written in Dutch; the parts "
            "below are quoted as recorded.\n\n"
            "Our approach:\n{{ plan.strategy }}\n\n"
            "Next steps agreed:\n{{ plan.next_steps }}\n\n"
            "The period in which to leave the Netherlands on your own ends or ended on {{ departure_term.end }} "
            "({{ departure_term.basis }}).\n\n"
            "Has anything changed in your situation? Tell your case manager, and we will adjust the plan.",
        ),
        "fr": (
            "Résumé de votre plan de départ",
            "Voici un résumé de votre plan de départ, version {{ plan.version }} du {{ plan.date }}. Nous avons "
            "discuté de ce plan avec vous lors des entretiens de départ. Le plan est rédigé en néerlandais ; "
            "les parties ci-dessous sont citées telles qu'elles ont été notées.\n\n"
            "Notre approche :\n{{ plan.strategy }}\n\n"
            "Étapes suivantes convenues :\n{{ plan.next_steps }}\n\n"
            "Le délai pour quitter les Pays-Bas par vous-même prend ou a pris fin le {{ departure_term.end }} "
            "({{ departure_term.basis }}).\n\n"
            "Votre situation a changé ? Dites-le à votre chargé(e) de dossier, et nous adapterons le plan.",
        ),
        "ar": (
            "ملخص خطة مغادرتك",
            "فيما يلي ملخص خطة مغادرتك، النسخة {{ plan.version }} بتاريخ {{ plan.date }}. ناقشنا هذه الخطة معك "
            "في مقابلات المغادرة. الخطة مكتوبة باللغة الهولندية، والأجزاء التالية منقولة كما سُجلت.\n\n"
            "نهجنا:\n{{ plan.strategy }}\n\n"
            "الخطوات التالية المتفق عليها:\n{{ plan.next_steps }}\n\n"
            "تنتهي أو انتهت مهلة مغادرتك لهولندا بنفسك في {{ departure_term.end }} ({{ departure_term.basis }}).\n\n"
            "هل تغير شيء في وضعك؟ أخبر المسؤول عن ملفك، وسنعدّل الخطة.",
        ),
    },
}

# Letters about a measure say where to turn when the person disagrees.
_MEASURES = ("reporting_duty", "vbl_placement")


def seed_templates() -> list[dict[str, Any]]:
    """The first version of every template: kind, language, subject and body (greeting to signature)."""
    rows = []
    for kind, languages in _BODIES.items():
        for language, (subject, body) in languages.items():
            parts = [_GREETING[language], body]
            if kind in _MEASURES:
                parts.append(_LAWYER[language])
            parts += [_QUESTIONS[language], _CLOSING[language]]
            rows.append(
                {
                    "kind": kind,
                    "language": language,
                    "subject": subject,
                    "body": "\n\n".join(parts),
                    "valid_from": SEED_VALID_FROM,
                }
            )
    return rows
