"""Edmundson's cue words, shared by sumy's engine and ours (summarizer/methods/fast/edmundson.py)."""

# Edmundson (1969) cue words. sumy ships Czech ones only; these are for English, and other
# languages keep sumy's lists (so the cue method simply finds no cues there).
BONUS_WORDS = {
    "english": (
        "important",
        "significant",
        "key",
        "main",
        "major",
        "crucial",
        "essential",
        "conclude",
        "concluded",
        "conclusion",
        "result",
        "results",
        "found",
        "show",
        "shows",
        "announced",
        "said",
        "first",
        "new",
        "critical",
    ),
}
STIGMA_WORDS = {
    "english": ("hardly", "impossible", "perhaps", "maybe", "allegedly", "reportedly", "rumoured"),
}
