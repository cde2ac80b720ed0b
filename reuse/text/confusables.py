# ruff: noqa: RUF001
"""Look-alike letters and digits -> the ASCII letter or digit they imitate (generated; do not edit).

Generated from the Unicode confusables data (UTS #39 ``confusables.txt``) as shipped in the
``confusable-homoglyphs`` 3.3.1 package (``confusables.json``): every letter or digit outside
ASCII whose prototype is one ASCII letter or digit, casefolded (upper-case letters take the
target of their lower case), leaving out characters that NFKD already folds to ASCII
(mathematical alphanumerics, full-width forms). Used by :mod:`reuse.text.normalize` for matching and
by :mod:`reuse.ingest.evasion` for flags; never applied to displayed text.
"""

SOURCES = (
    "ıƄƍƖƦƧƷƼƽǀȜȢȣɑɡɣɩɪɯʋʏͺͿΑΒΕΖΗΙΚΜΝΟΡΤΥΧαγινορσυϒϜϨϱϲϳϹϺЅІЈАВЕЗ"
    "КМНОРСТУХЬабгеорсухѕіјѡѴѵҮүһҽӀӏӠԁԌԛԜԝՍՏՕագզհոռսցքօ۱۵۷०০৪৭੦੧੪"
    "૦ଠ୦୨௦౦೦ഠ൦൭๐໐ဝ၀ყჿሀዐᎠᎡᎢᎥᎩᎪᎫᎬᎳᎷᎻᎽᏀᏂᏃᏎᏏᏒᏔᏕᏙᏚᏞᏟᏢᏦᏧᏮᏳᏴᐯᑌᑭᑯᑲᒍᒪᒿᕁᕼᕽᖇ"
    "ᖯᖴᗅᗞᗪᗰᗷᚷᛁᛕᛖᴄᴏᴑᴜᴠᴡᴢᴦᶃᶌẝỿιℽⲅⲎⲒⲔⲘⲚⲞⲟⲢⲣⲤⲥⲦⲨⲬⳊⳌⳐⳒⴸⴹⵏⵔⵕⵝ〇ꓐꓑꓒꓓꓔꓖꓗꓙꓚ"
    "ꓜꓝꓟꓠꓡꓢꓣꓦꓧꓪꓫꓬꓮꓰꓲꓳꓴꙄꙇꛟꛯꜱꝚꝪꝮꞘꞙꞟꞫꞲꞳꞴꬲꬵꬽꭇꭈꭎꭒꭚꭵꮁꮃꮓꮩꮪꮯ𐊂𐊆𐊇𐊊𐊐𐊒𐊕𐊖𐊗𐊠𐊡𐊢𐊥"
    "𐊫𐊰𐊱𐊲𐊴𐋏𐋵𐌁𐌂𐌉𐌑𐌕𐌗𐌚𐌠𐌢𐐄𐐕𐐛𐐠𐐬𐐽𐑈𐒴𐓂𐓎𐓒𐓪𐓶𐔓𐔖𐔘𐔜𐔝𐔥𐔦𐔧𑓐𑜆𑜊𑜎𑜏𑢠𑢢𑢣𑢤𑢦𑢩𑢬𑢮𑢯𑢲𑢵𑢸𑢻𑢼𑣀𑣁𑣂𑣃"
    "𑣄𑣆𑣈𑣊𑣌𑣕𑣖𑣗𑣘𑣜𑣠𑣥𑣦𑣩𑣬𑣯𑣲𖼈𖼊𖼖𖼨𖼵𖼺𖼻𖽀𖽂𖽃𝚤𝚨𝚩𝚬𝚭𝚮𝚰𝚱𝚳𝚴𝚶𝚸𝚻𝚼𝚾𝛂𝛄𝛊𝛎𝛐𝛒𝛔𝛖𝛠𝛢𝛣𝛦𝛧𝛨𝛪𝛫𝛭𝛮"
    "𝛰𝛲𝛵𝛶𝛸𝛼𝛾𝜄𝜈𝜊𝜌𝜎𝜐𝜚𝜜𝜝𝜠𝜡𝜢𝜤𝜥𝜧𝜨𝜪𝜬𝜯𝜰𝜲𝜶𝜸𝜾𝝂𝝄𝝆𝝈𝝊𝝔𝝖𝝗𝝚𝝛𝝜𝝞𝝟𝝡𝝢𝝤𝝦𝝩𝝪𝝬𝝰𝝲𝝸𝝼𝝾𝞀𝞂𝞄𝞎"
    "𝞐𝞑𝞔𝞕𝞖𝞘𝞙𝞛𝞜𝞞𝞠𝞣𝞤𝞦𝞪𝞬𝞲𝞶𝞸𝞺𝞼𝞾𝟈𝟊"
)
TARGETS = (
    "ibgir23ssl388agyiiwuyijabezhikmvoptuxayivopouyf2pcjcmsijabe3"
    "kmhopctyxba6reopcyxsijwvvyyheii3dgqwwusowqqhnnugfolovoo89o98"
    "ooo9ooooo9ooooyouodrtiyajewmhyghz4brwsvslcpkd6gbvupdbjl2xhxr"
    "bfaddmbxlkmcoouvwzrgyfyiyrhlkmnooppcctyx93l6veloqxobpddtgkjc"
    "zfmnlsrvhwxyaelou2iv2s239ffu3jxbeforruuyirwzvscbeflxopstabcf"
    "omtyxhzbclmtx8lxoclsocsrou7ounokcvflxovwwwvfiz7z9e4l6u5yvsfi"
    "z7o3969ouyozwcxwcvtllrs3auyiabezhlkmnoptyxayivopoupabezhlkmn"
    "optyxayivopoupabezhlkmnoptyxayivopoupabezhlkmnoptyxayivopoup"
    "abezhlkmnoptyxayivopoupf"
)
CONFUSABLES: dict[str, str] = dict(zip(SOURCES, TARGETS, strict=True))
