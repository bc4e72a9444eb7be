"""Information requests about each man (issue 14): the widget for his page."""
