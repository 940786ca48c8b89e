"""Qt's own strings that the Chinese catalogue shipped with PySide6 lacks.

Qt 6 added mnemonics to some file dialog labels ("Look in:" became "&Look in:") and
names file types in its own context, and ``qtbase_zh_CN.qm`` did not follow, so the
file dialog was half English in the Chinese interface. Marked here, these strings stay
in TwinDesk's catalogue (``scripts/update-translations`` reads every module of
``twindesk/ui``), which Qt consults when qtbase's has no translation. Nothing imports
this module.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_STRINGS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    # File types in the dialog's Type column (Qt asks with a disambiguation; a
    # translation without one serves it too).
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
)
