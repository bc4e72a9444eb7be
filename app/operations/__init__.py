"""Operations: every write to a case, used by the window and the command line alike."""
