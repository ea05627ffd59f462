"""The one table of commands. Key bindings, spoken phrases, the help screen and "what can I say"
are all generated from COMMANDS, so an action exists once and every way of reaching it agrees.

Pure Python: the TUI turns each Command into a Textual binding to `action_<name>`; the voice
listener turns each phrase into grammar words; `match_phrase` maps recognised text to a Command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Command:
    name: str
    """Also the TUI action name: `action_<name>`."""
    help: str
    keys: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    group: str = "Moving"
    key_label: str = ""
    """How the keys are written on the help screen, when the key names are not readable."""
    argument: str = ""
    """The argument a key passes to the action ("" for none); 'digit' for the section keys."""
    examples: tuple[str, ...] = ()
    """What to say, for help, when the phrase takes a value ("go to section two")."""

    @property
    def keys_text(self) -> str:
        return self.key_label or ", ".join(_KEY_NAMES.get(k, k) for k in self.keys)


@dataclass(frozen=True)
class CommandMatch:
    command: Command
    argument: str = ""


_KEY_NAMES = {
    "down": "Down", "up": "Up", "left": "Left", "right": "Right", "pagedown": "Page Down",
    "pageup": "Page Up", "home": "Home", "end": "End", "escape": "Escape", "space": "Space",
    "question_mark": "?", "f1": "F1", "plus": "+", "equals_sign": "=", "minus": "-",
    "full_stop": ".", "less_than_sign": "<", "greater_than_sign": ">", "slash": "/",
    "left_square_bracket": "[", "right_square_bracket": "]", "enter": "Enter", "tab": "Tab",
    "ctrl+q": "Ctrl+Q", "ctrl+b": "Ctrl+B", "left_curly_bracket": "{", "right_curly_bracket": "}",
}
_TYPED = {name: label for name, label in _KEY_NAMES.items() if len(label) == 1}
"""Key names whose key types one character ("full_stop" is "."), so plain mode accepts them typed."""


def typed_character(key: str) -> str:
    """The character a key types ("right_square_bracket" -> "]", "j" -> "j"), or "" for keys such
    as Down or F1 that type nothing."""
    return key if len(key) == 1 else _TYPED.get(key, "")

COMMANDS: tuple[Command, ...] = (
    # Moving
    Command("next_sentence", "Next sentence", ("down", "j"), ("next sentence", "next")),
    Command("previous_sentence", "Previous sentence", ("up", "k"),
            ("previous sentence", "back", "go back", "last sentence")),
    Command("next_paragraph", "Next paragraph", ("right", "right_square_bracket"), ("next paragraph",)),
    Command("previous_paragraph", "Previous paragraph", ("left", "left_square_bracket"),
            ("previous paragraph", "paragraph back")),
    Command("next_section", "Next section", ("n", "pagedown"), ("next section", "skip section")),
    Command("previous_section", "Previous section", ("p", "pageup"), ("previous section", "section back")),
    Command("first", "Go to the start of the article", ("home", "g"), ("go to the start", "beginning", "first section")),
    Command("last", "Go to the end of the article", ("end", "G"), ("go to the end", "last section")),
    Command("go_to_section", "Go to section 1 to 9", tuple(str(n) for n in range(1, 10)),
            key_label="1 to 9", argument="digit", examples=("go to section two", "go to mammography")),
    Command("contents", "Contents: list the sections and move to the list (Escape goes back)", ("c",),
            ("contents", "table of contents", "list the sections")),
    Command("toggle_contents", "Show or hide the contents sidebar (hidden on narrow terminals)", ("C",),
            ("hide contents", "toggle contents")),
    Command("where_am_i", "Where am I: the position and the time left", ("w",),
            ("where am i", "where are we", "position", "time left")),
    Command("next_level", "Navigation level: section, paragraph, sentence or word (f and d move by it)", ("l",),
            ("change level", "navigation level")),
    Command("forward", "Forward by the navigation level", ("f",), ("forward", "step forward")),
    Command("back", "Back by the navigation level", ("d",), ("step back", "backward")),
    Command("next_word", "Next word", (), ("next word",)),
    Command("previous_word", "Previous word", (), ("previous word", "word back")),
    Command("spell_word", "Spell the current word", ("s",), ("spell", "spell word", "spell it")),
    # Reading
    Command("read", "Read aloud from here to the end", ("r",), ("read", "read it", "start reading", "read from here"), "Reading"),
    Command("read_section", "Read this section", ("R",), ("read section", "read this section"), "Reading"),
    Command("read_sentence", "Read this sentence", ("t",), ("read sentence", "read this sentence"), "Reading"),
    Command("pause", "Pause or resume reading", ("space",), ("pause", "pause reading"), "Reading"),
    Command("resume", "Resume reading", (), ("resume", "continue", "keep reading"), "Reading"),
    Command("stop", "Stop reading", ("escape", "x"), ("stop", "quiet", "be quiet", "stop reading"), "Reading"),
    Command("repeat", "Repeat what was said last", ("full_stop",), ("repeat", "say that again", "what did you say"), "Reading"),
    Command("faster", "Speak faster", ("plus", "equals_sign"), ("faster", "speed up"), "Speech"),
    Command("slower", "Speak slower", ("minus",), ("slower", "slow down"), "Speech"),
    Command("louder", "Speak louder", ("greater_than_sign",), ("louder", "volume up"), "Speech"),
    Command("quieter", "Speak more quietly", ("less_than_sign",), ("quieter", "softer", "volume down"), "Speech"),
    Command("choose_voice", "Choose a voice (with preview)", ("V",), ("change voice", "choose voice"), "Speech"),
    Command("toggle_self_voicing", "Self-voicing on or off (announcements; reading still speaks)", ("m",),
            ("self voicing", "toggle announcements"), "Speech"),
    # Voice
    Command("listen_once", "Listen for one spoken command (push to talk)", ("v",), (), "Voice"),
    Command("start_listening", "Hands-free: start listening all the time", ("L",), ("start listening",), "Voice"),
    Command("stop_listening", "Hands-free: stop listening", (), ("stop listening",), "Voice"),
    Command("transcript", "Show or hide the transcript of everything said and heard", ("H",),
            ("show transcript", "hide transcript"), "Voice"),
    # Questions
    Command("ask", "Ask a question about the article (type it)", ("slash",), ("question",), "Questions"),
    Command("read_more", "Read more: read the answer's section from the answer", ("M",), ("read more", "tell me more"), "Questions"),
    Command("next_answer", "Next answer: hear the runner-up answer", ("a",), ("next answer", "another answer"), "Questions"),
    # Bookmarks and display
    Command("add_bookmark", "Add a bookmark here", ("b",), ("add bookmark", "new bookmark"), "Bookmarks and display"),
    Command("list_bookmarks", "List bookmarks (go to one, or delete it)", ("B",), ("list bookmarks", "show bookmarks"),
            "Bookmarks and display"),
    Command("next_bookmark", "Go to the next bookmark", ("right_curly_bracket", "ctrl+b"), ("next bookmark", "go to bookmark"),
            "Bookmarks and display", key_label="}, Ctrl+B (not in tmux)"),
    Command("previous_bookmark", "Go to the previous bookmark", ("left_curly_bracket",), ("previous bookmark",),
            "Bookmarks and display"),
    Command("delete_bookmark", "Delete the bookmark on this sentence", (), ("delete bookmark", "remove bookmark"),
            "Bookmarks and display"),
    Command("next_theme", "Change the colour theme (all are high contrast)", ("T",), ("change theme", "next theme"),
            "Bookmarks and display"),
    # Articles
    Command("open_article", "Open another article: recent articles first, or type a file path", ("o",),
            ("open article", "open another article", "recent articles"), "Articles"),
    Command("disclaimer", "What this app is (not medical advice)", ("i",), ("disclaimer", "about this app"), "Help"),
    # Help
    Command("help", "Help: list every key", ("f1", "question_mark"), ("help", "what can i say"), "Help"),
    Command("quit", "Quit", ("q", "ctrl+q"), ("quit", "exit app", "close the app"), "Help"),
)

COMMANDS_BY_NAME = {command.name: command for command in COMMANDS}

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
TITLE_STOPWORDS = frozenset(
    "a an and are as at be by can do for from how i in is it its of on or should the to what when "
    "where which who why with you your my me get".split()
)
"""Words that name no section: "go to section are" must not pick "What are ...", and the voice
grammar does not offer them as section names."""
_FILLER = re.compile(r"\b(please|now|the|to|uh|um|okay|ok)\b")


def normalise(text: str) -> str:
    """Lower-case words only: how recognised speech and phrases are compared."""
    text = text.lower().replace("’", "'")
    return " ".join(re.findall(r"[a-z0-9']+", text))


def _compact(text: str) -> str:
    return " ".join(_FILLER.sub(" ", normalise(text)).split())


def commands_in(group: str) -> list[Command]:
    return [c for c in COMMANDS if c.group == group]


def match_phrase(text: str, section_titles: Iterable[str] = ()) -> CommandMatch | None:
    """Map what a person said to a command, or None. Title words route "go to mammography"."""
    said = _compact(text)
    if not said:
        return None
    for command in COMMANDS:
        if any(said == _compact(phrase) for phrase in command.phrases):
            return CommandMatch(command)
    section = COMMANDS_BY_NAME["go_to_section"]
    number = re.fullmatch(r"(?:go )?(?:section|part) (\w+)|(?:go )?(\w+) section", said)
    if number:
        word = number.group(1) or number.group(2)
        value = NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else None)
        if value:
            return CommandMatch(section, str(value))
    goto = re.fullmatch(r"go (?:section )?(.+)", said)
    if goto:
        wanted = [word for word in goto.group(1).split() if word not in TITLE_STOPWORDS]
        for index, title in enumerate(section_titles):
            title_words = set(normalise(title).split())
            if wanted and all(word in title_words for word in wanted):
                return CommandMatch(section, str(index + 1))
    return None


def spoken_phrases() -> list[str]:
    """Every fixed phrase in the table (the voice grammar adds section numbers and titles)."""
    return [phrase for command in COMMANDS for phrase in command.phrases]


def help_lines(typed_only: bool = False, skip: Iterable[str] = ()) -> list[str]:
    """The table as plain lines, one per command, no drawing characters: what a screen reader's
    review cursor and a braille display read cleanly. With `typed_only`, only the keys that type a
    character (what plain mode accepts) are named."""
    lines, group, skipped = [], None, set(skip)
    for command in COMMANDS:
        if command.name in skipped:
            continue
        if command.group != group:
            group = command.group
            lines.append(f"{group}:")
        if typed_only:
            typed = [typed_character(k) for k in command.keys if typed_character(k)]
            keys = "1 to 9" if command.argument == "digit" else ", ".join(typed)
        else:
            keys = command.keys_text
        said = (command.examples or command.phrases)[:2]
        ways = [f"key {keys}"] if keys else []
        ways += [f'"{phrase}"' for phrase in said]
        lines.append(f"{command.help}: {' or '.join(ways)}.")
    return lines
