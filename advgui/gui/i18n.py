"""The window's language: English (the source) or Simplified Chinese (zh_CN).

Qt's own mechanism: user-visible strings are wrapped in ``tr``/``translate``; the
translations live in ``resources/i18n/advgui_zh_CN.ts`` (``pyside6-lupdate`` extracts
the strings, ``pyside6-lrelease`` builds the shipped ``.qm``). ``install`` loads that
``.qm`` and Qt's ``qtbase_zh_CN.qm`` (standard dialog buttons) before the window is built.

The language is, first to last: ``advgui --lang``, View ▸ Language (remembered in
QSettings as ``view/language``), the system locale (``QLocale.system()``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from advgui.core.paths import resource

ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = {ENGLISH: "English", CHINESE: "中文"}  # each in its own language
SETTING = "view/language"
# In both languages: whoever just picked one may not read the other.
RESTART_NOTICE = (
    "The language takes effect when advgui starts again. · 界面语言将在下次启动 advgui 时生效。"
)

_installed: list[QTranslator] = []


def qm_path(language: str = CHINESE):
    return resource(f"i18n/advgui_{language}.qm")


def normalise(name: str | None) -> str | None:
    """``zh_CN``, ``zh-CN``, ``zh``, ``zh_Hans`` -> ``zh_CN``; ``en*`` -> ``en``; else None."""
    if not name:
        return None
    key = name.replace("-", "_").lower()
    if key.startswith("zh"):
        return CHINESE
    if key.startswith("en") or key in ("c", "posix"):
        return ENGLISH
    return None


def system_language() -> str:
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return CHINESE
    return ENGLISH


def chosen_language(requested: str | None = None, store: QSettings | None = None) -> str:
    """The language to start in (see the module docstring)."""
    for candidate in (requested, (store or QSettings()).value(SETTING, "", type=str)):
        language = normalise(candidate)
        if language is not None:
            return language
    return system_language()


def remember(language: str, store: QSettings | None = None) -> None:
    """View ▸ Language: used from the next start (``chosen_language``)."""
    (store or QSettings()).setValue(SETTING, language)


def install(language: str) -> str:
    """Install the translators for ``language`` on the running QCoreApplication (the
    ones installed before are removed). Returns the language actually in use: English
    when the ``.qm`` cannot be loaded."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == ENGLISH:
        return ENGLISH
    ours = QTranslator(app)
    if not ours.load(str(qm_path(language))):
        return ENGLISH
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{language}", qt_folder):
        _installed.append(qtbase)
    _installed.append(ours)
    for translator in _installed:
        app.installTranslator(translator)
    return language


def current() -> str:
    return CHINESE if _installed else ENGLISH
