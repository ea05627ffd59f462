"""Reading aloud: start, pause, resume, stop and repeat, for the full-screen view.

Reading is a plan of sentences handed to the narrator; the highlight follows the audio as the
narrator reports each sentence (and word) starting, which the app routes to `show_position`.
"""

from __future__ import annotations

from assistant.reading import ReadingMode, plan_reading
from assistant.speech.narrator import SpeechItem
from assistant.tui.activity import Activity
from assistant.tui.host import ReaderHost


class ReadingController:
    """Owns what was last said (for repeat) and the reading activity's transitions."""

    def __init__(self, host: ReaderHost, why_no_speech: str = "") -> None:
        self.host = host
        self.why_no_speech = why_no_speech

    def start(self, mode: ReadingMode, prefix: list[SpeechItem] | None = None) -> None:
        """Read from the cursor: this sentence, this section or to the end of the article."""
        host = self.host
        host.questions.dismiss_about()
        items = (prefix or []) + plan_reading(host.article, host.cursor.sentence, mode)
        if not host.say(items):
            host.set_status(message=f"Speech is off, so nothing can be read aloud. {self.why_no_speech}".strip())
            return
        host.reading_mode = mode
        host.activity = Activity.READING

    def pause(self) -> None:
        """Space: pause when reading, resume (from the start of the interrupted sentence) when paused."""
        host = self.host
        if host.activity == Activity.READING and host.narrator is not None:
            host.narrator.stop()
            host.activity = Activity.PAUSED
            host.set_status(message="Paused. Press Space to resume.")
        elif host.activity == Activity.PAUSED:
            self.resume()
        else:
            self.start(ReadingMode.ARTICLE)

    def resume(self) -> None:
        host = self.host
        if host.activity == Activity.PAUSED and host.reading_mode is not None:
            self.start(host.reading_mode)
        elif host.activity != Activity.READING:
            self.start(ReadingMode.ARTICLE)

    def stop(self) -> None:
        host = self.host
        if host.narrator is not None:
            host.narrator.stop()
        was = host.activity
        host.activity = Activity.STOPPED
        if was != Activity.STOPPED:
            host.set_status(message="Stopped.")

    def repeat(self, last_spoken: list[SpeechItem]) -> None:
        """Repeat the sentence being read (not the whole plan); else the last announcement."""
        host = self.host
        if not last_spoken:
            host.announce("Nothing has been said yet.")
            return
        item = next(i for i in reversed(last_spoken) if i.text)
        if host.activity in (Activity.READING, Activity.PAUSED):
            host.activity = Activity.STOPPED
            item = SpeechItem(host.cursor.sentence.text, key=host.cursor.sentence.id)
        host.say([item])
