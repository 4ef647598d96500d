"""The colours every chart and map uses: Okabe & Ito (2008), "Color Universal Design",
which stay distinct with the common colour-vision deficiencies. A module of its own so
document builders can name colours (e.g. for categories on a map) without importing
Matplotlib.
"""

BLUE = "#0072B2"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
PURPLE = "#CC79A7"
GREY = "#6b6b6b"
LIGHT_GREY = "#bdbdbd"
PALE_GREY = "#ececec"  # areas in no category (not listed, not significant)
TEXT = "#0b0c0c"
# Light to dark (viridis, reversed), five classes.
SEQUENTIAL = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
