"""Page bodies: each view reads the cached queries and returns a layout for the URL's state."""
