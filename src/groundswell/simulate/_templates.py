"""Invented post templates per category and language; never real people's words."""

from __future__ import annotations

__all__ = [
    "CASUAL",
    "CALL_TO_ACTION",
    "CATEGORIES",
    "DECOY_TAGS",
    "LANGS",
    "ME_TOO_PHRASES",
    "PHRASE_REPLIES",
    "TAG_VARIANTS",
    "TEMPLATES",
]

CATEGORIES = ("disclosure", "support", "news", "opposition", "unrelated")
"""Truth categories; the index is the code stored in the truth arrays."""

LANGS = ("en", "es", "fr", "it", "de")

ME_TOO_PHRASES = ("me too", "yo también", "moi aussi", "anch'io", "ich auch")
"""The "me too" phrases a reply to the call to action may consist of (one per language)."""

TAG_VARIANTS: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (("MeToo", 0.6), ("metoo", 0.3), ("METOO", 0.1)),
    "es": (("YoTambién", 0.5), ("MeToo", 0.35), ("metoo", 0.15)),
    "fr": (("BalanceTonPorc", 0.45), ("MoiAussi", 0.3), ("MeToo", 0.25)),
    "it": (("QuellaVoltaChe", 0.55), ("MeToo", 0.45)),
    "de": (("MeToo", 0.6), ("metoo", 0.4)),
}
"""Movement hashtags as people write them, per language, with their shares."""

DECOY_TAGS = ("MeTime", "TooMuch", "tbt", "MondayMood", "music", "TimesUp", "metoomuch")
"""Hashtags that are not the movement's (one is a lookalike) for baseline and co-tagged posts."""

# ``{tag}`` marks where the movement hashtag goes; without a hashtag the marker is dropped.
TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "disclosure": {
        "en": (
            "{tag} I was 15 and he was my coach. I never said it out loud until tonight.",
            "It happened at my first job. I stayed quiet for eleven years. {tag}",
            "{tag} A colleague cornered me after a party. I blamed myself for a decade.",
            "I was harassed on the bus to school every week. Nobody believed me. {tag}",
            "{tag} My manager said it was a joke. It was not a joke.",
        ),
        "es": (
            "{tag} Tenía 16 años y él era mi profesor. Nunca lo conté hasta hoy.",
            "Me pasó en mi primer trabajo y callé durante años. {tag}",
            "{tag} Un compañero me acosó durante meses y nadie hizo nada.",
        ),
        "fr": (
            "{tag} J'avais 17 ans, il était mon patron. Je n'en ai jamais parlé.",
            "Un collègue m'a coincée dans l'ascenseur. Je me suis tue pendant des années. {tag}",
            "{tag} Dans le métro, tous les matins, la même main. J'avais honte.",
        ),
        "it": (
            "{tag} avevo 14 anni e lui era un amico di famiglia. Non l'ho mai detto a nessuno.",
            "Il mio capo mi chiamava nel suo ufficio ogni venerdì. {tag}",
            "{tag} sul treno per l'università, e tutti guardavano altrove.",
        ),
        "de": (
            "{tag} Ich war 16, er war mein Trainer. Ich habe es nie erzählt.",
            "Mein Chef hat mich jahrelang belästigt und alle wussten es. {tag}",
        ),
    },
    "support": {
        "en": (
            "To everyone sharing their story today: I believe you. {tag}",
            "{tag} The number of friends posting this is heartbreaking. Listen to them.",
            "Reading these stories all day. Brave, every one of them. {tag}",
            "{tag} If you are not ready to post, that is okay. You still count.",
        ),
        "es": (
            "A todas las que hoy cuentan su historia: os creo. {tag}",
            "{tag} Leer tantos testimonios duele. Escuchemos.",
        ),
        "fr": (
            "À toutes celles qui parlent aujourd'hui : je vous crois. {tag}",
            "{tag} Tant de témoignages, tant de courage. Écoutons-les.",
        ),
        "it": (
            "A tutte quelle che stanno raccontando: vi credo. {tag}",
            "{tag} Leggere queste storie fa male. Ascoltiamole.",
        ),
        "de": (
            "An alle, die heute ihre Geschichte teilen: Ich glaube euch. {tag}",
            "{tag} So viele Geschichten. Hört ihnen zu.",
        ),
    },
    "news": {
        "en": (
            "{tag} campaign spreads worldwide as thousands share stories of harassment.",
            "Live: the {tag} hashtag trends in 85 countries. What we know so far.",
            "Analysis: why the {tag} wave is different this time.",
        ),
        "es": ("{tag}: miles de mujeres comparten sus historias en las redes.",),
        "fr": ("{tag} : des milliers de témoignages sur les réseaux sociaux.",),
        "it": ("{tag}: migliaia di testimonianze in poche ore.",),
        "de": ("{tag}: Tausende teilen ihre Erfahrungen im Netz.",),
    },
    "opposition": {
        "en": (
            "{tag} has gone way overboard. Due process matters.",
            "Not every awkward compliment is harassment. {tag}",
            "{tag} is a witch hunt and everyone is scared to say so.",
        ),
        "es": ("{tag} se ha convertido en una caza de brujas.",),
        "fr": ("{tag} : on ne peut plus rien dire, c'est une chasse aux sorcières.",),
        "it": ("{tag} è diventato un tribunale senza processo.",),
        "de": ("{tag} geht viel zu weit, finde ich.",),
    },
    "unrelated": {
        "en": (
            "{tag} follow for follow, new playlist out now",
            "Giveaway! Retweet to win concert tickets {tag}",
            "Best coffee in town, no contest. {tag}",
        ),
        "es": ("{tag} sorteo de entradas, participa ya",),
        "fr": ("{tag} concours : gagnez deux places de cinéma",),
        "it": ("{tag} offerta speciale solo oggi",),
        "de": ("{tag} Gewinnspiel: jetzt mitmachen",),
    },
}

CALL_TO_ACTION = (
    "To everyone who has been harassed or assaulted: answer this post with two words, me too. "
    "Let them see how many we are. #MeToo"
)
"""The simulated call to action (invented wording)."""

PHRASE_REPLIES: dict[str, tuple[str, ...]] = {
    "en": (
        "Me too.",
        "me too",
        "Me too. {tag}",
        "me too. it took me years to say it.",
        "Me too {tag}",
    ),
    "es": ("Yo también.", "yo también {tag}", "Yo también. Tenía 15 años."),
    "fr": ("Moi aussi.", "moi aussi {tag}", "Moi aussi. J'avais 19 ans."),
    "it": ("Anch'io.", "anch'io {tag}"),
    "de": ("Ich auch.", "ich auch {tag}"),
}
"""Replies to the call to action that consist of a "me too" phrase (optionally a hashtag)."""

CASUAL: dict[str, tuple[str, ...]] = {
    "en": (
        "me too lol",
        "Me too! Can't wait for Friday",
        "ha me too, that show is the best",
        "me too, I'd kill for a pizza right now",
        "Thank you for this. Really.",
        "Happy birthday! Have a great one",
        "anyone else watching the game tonight?",
        "Just finished a 10k run, legs are gone",
    ),
    "es": ("yo también jaja", "¡Yo también quiero vacaciones!", "Qué partido tan bueno"),
    "fr": ("moi aussi 😂", "Moi aussi j'ai faim", "Quel match ce soir"),
    "it": ("anch'io! che bello", "Che partita stasera"),
    "de": ("ich auch haha", "Was für ein Spiel heute"),
}
"""Baseline traffic: everyday posts, some saying "me too" with nothing to do with the movement."""
