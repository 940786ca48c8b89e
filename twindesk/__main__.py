import sys

if __name__ == "__main__":  # not in a helper process (an import's pinyin), which imports this
    if getattr(sys, "frozen", False):
        # A frozen TwinDesk starts its helper processes through its own executable: they
        # stop here and do their work instead of opening the program. (freeze_support does
        # nothing unless frozen, and importing multiprocessing costs every start 20 ms.)
        import multiprocessing

        multiprocessing.freeze_support()
    from twindesk.cli import main

    sys.exit(main())
