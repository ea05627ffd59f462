"""Moving through the article: by sentence, paragraph, section, word, or by the chosen navigation
level (as on a DAISY player), spelling the current word, and "where am I" with the time left.

Every move is shown (highlight, status line) and, with self-voicing on, spoken; a move while
reading carries on reading from the new place.
"""

from __future__ import annotations

from assistant.reader import WORD_MOVES, Level
from assistant.reading import section_announcement
from assistant.speech.narrator import SpeechItem
from assistant.tui.activity import Activity
from assistant.tui.host import ReaderHost


class NavigationController:
    """Runs the reading cursor's moves for the full-screen view."""

    def __init__(self, host: ReaderHost) -> None:
        self.host = host

    async def move(self, name: str, argument: str | int = "") -> None:
        host = self.host
        host.questions.dismiss_about()
        before = host.cursor.sentence.section_index
        name = host.cursor.resolve(name)
        sentence, edge_message = host.cursor.move(name, argument)
        if sentence is None:
            host.announce(edge_message, then_read=False)
            return
        if name in WORD_MOVES:
            await self._moved_by_word(before)
            return
        await host.show_position()
        changed = sentence.section_index != before
        announcement = section_announcement(host.article, sentence.section_index)
        prefix = [SpeechItem(announcement)] if changed else []
        if host.activity == Activity.READING and host.reading_mode is not None:
            host.start_reading(host.reading_mode, prefix)
        elif host.activity == Activity.PAUSED:
            host.set_status(message="Paused at the new place. Press Space to resume.")
        elif host.self_voicing:
            host.say(prefix + [SpeechItem(sentence.text, key=sentence.id)])
        if changed:
            host.set_status(message=announcement)

    async def _moved_by_word(self, section_before: int) -> None:
        """A word move pauses reading (reading restarts at a sentence) and says the word."""
        host = self.host
        if host.activity == Activity.READING and host.narrator is not None:
            host.narrator.stop()
            host.activity = Activity.PAUSED
        await host.show_position()
        word = host.cursor.word
        text = word.bare if word is not None else ""
        if host.cursor.sentence.section_index != section_before:
            text = f"{section_announcement(host.article, host.cursor.sentence.section_index)} {text}"
        host.announce(text, then_read=False)

    def next_level(self) -> None:
        level = self.host.cursor.next_level()
        self.host.call_later(self.host.show_position)
        hint = "f goes forward, d goes back"
        if level is Level.WORD:
            hint += ", s spells the word"
        self.host.announce(f"Moving by {level.value}: {hint}.", then_read=False)

    def spell_word(self) -> None:
        spelled = self.host.cursor.spelled_word()
        self.host.announce(spelled or "There is no word here.")

    def where_am_i(self, activity_label: str) -> None:
        host = self.host
        rate = host.voice_settings.rate
        left, read = host.cursor.time_left(rate), host.cursor.time_read(rate)
        host.announce(f"{host.cursor.where_am_i()}. {left}. {read}. {activity_label}.")
