"""The interactive genogram editor: scene view, side panel, dialogs and the actions behind them."""
