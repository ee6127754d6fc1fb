"""The labelled search queries: what a reader types, and the cases that answer it in the shipped data.

Labels are judged from the records, not from what `kb search` returns: a case is expected when the
thing searched for is part of it (a party, a product, its subject), not when a record mentions it
in passing. `tests/test_search_quality.py` measures precision and recall over these, and checks the
figures the README reports.
"""

ULTRAMAN = ["cn-2024-ultraman-guangzhou", "cn-2024-ultraman-lora-hangzhou", "cn-2024-ultraman-lora-hangzhou-appeal"]
TRIK = ["cn-2023-illustrators-v-xiaohongshu", "cn-2023-xiaohongshu-trik-ai-boycott"]
PERPLEXITY = ["jp-2025-nikkei-asahi-v-perplexity", "jp-2025-yomiuri-v-perplexity", "us-2024-dow-jones-v-perplexity",
              "us-2025-nyt-v-perplexity", "us-2025-britannica-v-perplexity", "us-2025-reddit-v-perplexity",
              "us-2026-cnn-v-perplexity", "us-2026-chicken-soup-soul-v-openai", "us-2025-carreyrou-v-anthropic"]
COPYRIGHTABILITY = [
    "cn-2023-li-v-liu", "cn-2019-feilin-v-baidu", "cn-2019-tencent-v-yingxun-dreamwriter",
    "cn-2024-lin-chen-v-changshu-qinhong", "cn-2025-feng-v-dongshan-butterfly-chair", "us-2023-thaler-v-perlmutter",
    "jp-2025-chiba-ai-image-copyright-referral",
    "us-2025-thaler-v-perlmutter-appeal", "us-2023-copyright-office-ai-study", "cz-2023-ss-v-taubel-legal",
    "uk-2024-copyright-ai-consultation", "us-2023-zarya-of-the-dawn", "us-2024-allen-v-perlmutter",
    "us-2023-suryast-review-board", "us-2025-single-piece-of-american-cheese", "cn-2025-shanghai-art-company-v-zhu",
]
BEIJING_INTERNET_COURT = ["cn-2019-feilin-v-baidu", "cn-2023-li-v-liu", "cn-2024-yin-ai-voice",
                          "cn-2023-illustrators-v-xiaohongshu", "cn-2024-bj-face-swap-templates",
                          "cn-2021-he-v-ai-companion-app", "cn-2025-cheng-v-sun-ai-altered-portraits",
                          "cn-2025-ju-v-sun-virtual-human-models", "cn-2025-li-v-culture-media-ai-celebrity-voice",
                          "cn-2025-li-v-platform-ai-label-misjudgement", "cn-2025-zhou-v-bj-tech-cat-pendant"]
FACE_SWAP = ["cn-2024-bj-face-swap-templates", "cn-2023-xiaoshan-procuratorate-v-yu-ai-face-swap",
                "cn-2025-hz-ai-face-swap-identity-public-interest", "cn-2025-zhao-v-face-swap-app-guangdong",
                "cn-2024-chen-v-yi-x-face-swap-copyright", "cn-2022-lou-v-shanghai-face-swap-app",
                "cn-2023-lin-v-nanjing-face-swap-applet", "cn-2025-wu-v-face-swap-app-zhengzhou",
                "cn-2025-peng-v-face-swap-software-company", "cn-2025-li-v-hongyun-face-swap-minhou"]

DEEPFAKE = FACE_SWAP + ["cn-2025-li-v-culture-media-ai-celebrity-voice", "eu-2024-ai-act-gpai",
                        "in-2023-anil-kapoor-v-simply-life-india", "in-2025-aishwarya-rai-bachchan-v-aishwaryaworld",
                        "cn-2025-wang-sinuo-ai-faked-obscene-videos", "us-2024-fcc-v-kramer-biden-deepfake-robocalls",
                        "in-2025-abhishek-bachchan-v-bollywood-tee", "in-2025-akkineni-nagarjuna-v-bfxxx",
                        "in-2025-karan-johar-personality-rights", "in-2025-suniel-shetty-v-john-doe"]
NYT = ["us-2023-nyt-v-microsoft-openai", "us-2025-nyt-v-perplexity", "us-2025-in-re-openai-copyright-litigation"]
VOICE = ["cn-2024-yin-ai-voice", "cn-2025-li-v-culture-media-ai-celebrity-voice", "us-2024-lehrman-v-lovo",
         "us-2024-vacker-v-elevenlabs", "in-2024-arijit-singh-v-codible-ventures", "in-2025-asha-bhosle-v-mayk",
         "in-2025-suniel-shetty-v-john-doe", "cn-2023-ai-stefanie-sun-voice-covers"]
LORA = ["cn-2024-ultraman-lora-hangzhou", "cn-2024-ultraman-lora-hangzhou-appeal", "cn-2025-yuewen-v-medusa-lora"]

# (query, expected case ids, language of the query)
QUERIES = [
    ("Ross", ["us-2020-thomson-reuters-v-ross"], "en"),
    ("Trik", TRIK, "en"),
    ("Getty", ["us-2023-getty-v-stability", "uk-2023-getty-v-stability"], "en"),
    ("Midjourney", ["us-2025-disney-universal-v-midjourney", "us-2025-warner-bros-v-midjourney",
                    "us-2023-zarya-of-the-dawn", "us-2024-allen-v-perlmutter", "us-2023-andersen-v-stability",
                    "cn-2025-feng-v-dongshan-butterfly-chair", "cn-2024-lin-chen-v-changshu-qinhong",
                    "cn-2025-zhou-v-bj-tech-cat-pendant", "cn-2025-shanghai-art-company-v-zhu"], "en"),
    ("Perplexity", PERPLEXITY, "en"),
    ("Perplex*", PERPLEXITY, "en"),
    ("Suno", ["de-2025-gema-v-suno", "us-2024-umg-v-suno", "dk-2025-koda-v-suno"], "en"),
    ("Udio", ["us-2024-umg-v-udio"], "en"),
    ("LAION", ["de-2023-kneschke-v-laion", "de-2024-kneschke-v-laion-appeal", "us-2023-andersen-v-stability"], "en"),
    ("Thaler", ["us-2023-thaler-v-perlmutter", "us-2025-thaler-v-perlmutter-appeal"], "en"),
    ("Ultraman", ULTRAMAN, "en"),
    ("Dreamwriter", ["cn-2019-tencent-v-yingxun-dreamwriter"], "en"),
    ("LoRA", ["cn-2024-ultraman-lora-hangzhou", "cn-2024-ultraman-lora-hangzhou-appeal", "cn-2025-yuewen-v-medusa-lora"], "en"),
    ("Copilot", ["us-2022-doe-v-github", "us-2023-nyt-v-microsoft-openai", "us-2025-in-re-openai-copyright-litigation",
                 "us-2024-daily-news-v-microsoft-openai"], "en"),
    ("Llama", ["us-2023-kadrey-v-meta", "fr-2025-sne-sgdl-snac-v-meta", "us-2025-strike-3-v-meta",
               "us-2026-elsevier-et-al-v-meta", "us-2025-carreyrou-v-anthropic"], "en"),
    ("lyrics", ["us-2023-concord-v-anthropic", "de-2024-gema-v-openai", "us-2026-concord-v-anthropic-piracy",
                "us-2026-bmg-v-anthropic"], "en"),
    ("Anthropic", ["us-2023-concord-v-anthropic", "us-2024-bartz-v-anthropic", "us-2026-concord-v-anthropic-piracy",
                   "us-2025-reddit-v-anthropic", "us-2026-bmg-v-anthropic", "us-2026-chicken-soup-soul-v-openai",
                   "us-2025-carreyrou-v-anthropic"], "en"),
    ("GEMA", ["de-2024-gema-v-openai", "de-2025-gema-v-suno"], "en"),
    ("Kneschke", ["de-2023-kneschke-v-laion", "de-2024-kneschke-v-laion-appeal"], "en"),
    ("Bilibili", ["cn-2023-bilibili-karon-ai-art-harassment", "cn-2023-bilibili-genshin-ai-avatar-privacy",
                  "cn-2023-bilibili-ai-art-disputes", "cn-2023-ai-stefanie-sun-voice-covers"], "en"),
    ("LOFTER", ["cn-2023-lofter-ai-avatar-backlash"], "en"),
    ("Théâtre", ["us-2024-allen-v-perlmutter"], "en"),
    ("theatre", ["us-2024-allen-v-perlmutter"], "en"),
    ("Kashtanova", ["us-2023-zarya-of-the-dawn"], "en"),
    ('"Spring Breeze"', ["cn-2023-li-v-liu"], "en"),
    ("Companion Heart", ["cn-2024-lin-chen-v-changshu-qinhong"], "en"),
    ("butterfly chair", ["cn-2025-feng-v-dongshan-butterfly-chair"], "en"),
    ("Delhi", ["in-2024-ani-v-openai", "in-2023-anil-kapoor-v-simply-life-india",
               "in-2025-aishwarya-rai-bachchan-v-aishwaryaworld", "in-2025-abhishek-bachchan-v-bollywood-tee",
               "in-2025-akkineni-nagarjuna-v-bfxxx", "in-2025-karan-johar-personality-rights"], "en"),
    ("Tokyo", ["jp-2025-nikkei-asahi-v-perplexity", "jp-2025-yomiuri-v-perplexity"], "en"),
    ("Hamburg", ["de-2023-kneschke-v-laion", "de-2024-kneschke-v-laion-appeal"], "en"),
    ("pirated books", ["us-2024-bartz-v-anthropic", "us-2025-hendrix-v-apple", "us-2023-in-re-google-generative-ai",
                       "us-2024-in-re-mosaic-llm-litigation", "us-2026-chicken-soup-soul-v-openai",
                       "us-2026-elsevier-et-al-v-meta"], "en"),
    ("Stable Diffusion", ["cn-2023-li-v-liu", "us-2023-getty-v-stability", "uk-2023-getty-v-stability",
                          "us-2023-andersen-v-stability", "jp-2025-chiba-ai-image-copyright-referral"], "en"),
    ("face-swap", FACE_SWAP, "en"),
    ("AI Act", ["eu-2024-ai-act-gpai"], "en"),
    ("copyrightable", COPYRIGHTABILITY, "en"),
    ("奥特曼", ULTRAMAN, "zh"),
    ("小红书", TRIK + ["cn-2024-xingyin-v-ai-writing-goose", "cn-2025-xingyin-v-ai-writing-goose-appeal"], "zh"),
    ("声音", ["cn-2024-yin-ai-voice", "cn-2025-li-v-culture-media-ai-celebrity-voice", "us-2024-lehrman-v-lovo",
            "us-2024-vacker-v-elevenlabs", "cn-2024-three-sheep-ai-fake-audio",
            "in-2023-anil-kapoor-v-simply-life-india", "in-2024-arijit-singh-v-codible-ventures",
            "in-2025-asha-bhosle-v-mayk", "cn-2025-zhou-v-hangzhou-company-ai-voice",
            "in-2025-aishwarya-rai-bachchan-v-aishwaryaworld", "us-2026-marin-v-google",
            "in-2025-abhishek-bachchan-v-bollywood-tee", "in-2025-akkineni-nagarjuna-v-bfxxx",
            "in-2025-karan-johar-personality-rights", "in-2025-suniel-shetty-v-john-doe",
            "cn-2023-ai-stefanie-sun-voice-covers"], "zh"),
    ("换脸", FACE_SWAP, "zh"),
    ("虚拟数字人", ["cn-2023-mofa-v-hangzhou-virtual-human-ada", "cn-2025-ju-v-sun-virtual-human-models"], "zh"),
    ("北京互联网法院", BEIJING_INTERNET_COURT, "zh"),
    ("(2023)京0491民初11279号", ["cn-2023-li-v-liu"], "zh"),
    ("Trik 训练", TRIK, "mixed"),
    # readers' words (data/aliases.yaml): a synonym, a short form, a translation
    ("deepfake", DEEPFAKE, "en"),
    ("深度伪造", DEEPFAKE, "zh"),
    ("NYT", NYT, "en"),
    ("纽约时报", NYT, "zh"),
    ("voice cloning", VOICE, "en"),
    ("LoRA模型", LORA, "zh"),
]

# Case numbers, dockets and citations, whole or in part: the case must come first (CLI, site, Datasette).
NUMBERS = [
    ("(2023)京0491民初12142号", "cn-2024-yin-ai-voice"),
    ("京0491民初11279号", "cn-2023-li-v-liu"),
    ("浙01民终10332号", "cn-2024-ultraman-lora-hangzhou-appeal"),
    ("(2024)粤0192民初113号", "cn-2024-ultraman-guangzhou"),
    ("1:23-cv-11195", "us-2023-nyt-v-microsoft-openai"),
    ("3:23-cv-00201", "us-2023-andersen-v-stability"),
    ("42 O 14139/24", "de-2024-gema-v-openai"),
    ("C-250/25", "eu-2025-like-company-v-google"),
]

# Typos: the query finds nothing, and "did you mean" offers the name meant.
TYPOS = [
    ("Midjurney", "Midjourney"),
    ("Stabilty", "Stability"),
    ("Perplexty", "Perplexity"),
    ("Anthropc", "Anthropic"),
    ("Ultramen", "Ultraman"),
]

# Related cases, judged from the records: for a case of each family, the cases a lawyer reading it would
# want next (the same dispute, the same question under the same law, the same kind of facts).
RELATED = {
    # training-data suits
    "cn-2023-illustrators-v-xiaohongshu": ["cn-2023-xiaohongshu-trik-ai-boycott", "cn-2025-iqiyi-v-minimax"],
    "us-2023-nyt-v-microsoft-openai": ["us-2025-in-re-openai-copyright-litigation",
                                       "us-2024-daily-news-v-microsoft-openai", "us-2023-authors-guild-v-openai",
                                       "us-2023-tremblay-v-openai", "us-2025-ziff-davis-v-openai"],
    # AI-image copyrightability
    "cn-2023-li-v-liu": ["cn-2024-lin-chen-v-changshu-qinhong", "cn-2025-feng-v-dongshan-butterfly-chair",
                         "cn-2025-zhou-v-bj-tech-cat-pendant", "cn-2025-wang-v-wuhan-tech-ai-image",
                         "cn-2019-feilin-v-baidu"],
    # voice and likeness
    "cn-2024-yin-ai-voice": ["cn-2025-li-v-culture-media-ai-celebrity-voice", "us-2024-lehrman-v-lovo",
                             "us-2024-vacker-v-elevenlabs", "cn-2025-zhou-v-hangzhou-company-ai-voice",
                             "in-2024-arijit-singh-v-codible-ventures", "in-2025-asha-bhosle-v-mayk"],
    # face swap
    "cn-2024-bj-face-swap-templates": ["cn-2022-lou-v-shanghai-face-swap-app", "cn-2025-zhao-v-face-swap-app-guangdong",
                                       "cn-2024-chen-v-yi-x-face-swap-copyright",
                                       "cn-2023-xiaoshan-procuratorate-v-yu-ai-face-swap",
                                       "cn-2025-hz-ai-face-swap-identity-public-interest",
                                       "cn-2023-lin-v-nanjing-face-swap-applet", "cn-2025-wu-v-face-swap-app-zhengzhou",
                                       "cn-2025-peng-v-face-swap-software-company"],
    # LoRA and models
    "cn-2024-ultraman-lora-hangzhou": ["cn-2024-ultraman-lora-hangzhou-appeal", "cn-2024-ultraman-guangzhou",
                                       "cn-2025-yuewen-v-medusa-lora"],
    # criminal and public-interest cases
    "cn-2023-xiaoshan-procuratorate-v-yu-ai-face-swap": ["cn-2025-hz-ai-face-swap-identity-public-interest",
                                                         "cn-2024-bj-face-swap-templates",
                                                         "cn-2022-lou-v-shanghai-face-swap-app",
                                                         "cn-2025-zhao-v-face-swap-app-guangdong"],
    "cn-2025-tongzhou-ai-jigsaw-piracy": ["cn-2024-ultraman-guangzhou", "cn-2025-yuewen-v-medusa-lora"],
}
# Pairs (case, nearer, farther) the ranking must keep in this order.
RELATED_ORDER = [
    ("cn-2023-illustrators-v-xiaohongshu", "cn-2025-iqiyi-v-minimax", "cn-2024-xingyin-v-ai-writing-goose"),
    ("cn-2023-illustrators-v-xiaohongshu", "cn-2025-iqiyi-v-minimax", "cn-2025-xingyin-v-ai-writing-goose-appeal"),
    ("cn-2023-illustrators-v-xiaohongshu", "cn-2025-iqiyi-v-minimax", "de-2024-gema-v-openai"),
    ("cn-2023-illustrators-v-xiaohongshu", "cn-2025-iqiyi-v-minimax", "in-2024-ani-v-openai"),
    ("cn-2024-ultraman-lora-hangzhou", "cn-2024-ultraman-lora-hangzhou-appeal", "cn-2023-li-v-liu"),
    ("cn-2024-yin-ai-voice", "us-2024-lehrman-v-lovo", "cn-2019-feilin-v-baidu"),
]
