"""The pure-PyTorch core of advgui. Nothing under this package imports Qt."""
