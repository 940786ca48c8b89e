import multiprocessing
import sys

if __name__ == "__main__":  # not in a helper process (an import's pinyin), which imports this
    # A frozen TwinDesk starts its helper processes through its own executable: they
    # stop here and do their work instead of opening the program.
    multiprocessing.freeze_support()
    from twindesk.cli import main

    sys.exit(main())
