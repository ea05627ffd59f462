"""What the app is, in words it says on first start and on the "disclaimer" command."""

DISCLAIMER = (
    "This app reads one article aloud and answers questions only with the article's own words. "
    "It is not medical advice: please talk to your doctor or nurse about your own results."
)
