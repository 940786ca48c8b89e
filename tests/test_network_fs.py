"""A register on a network drive is opened with a warning (command line and window)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from twindesk import cli
from twindesk.core.storage import sqlite as sqlite_seam
from twindesk.core.storage.sqlite import _windows_network, network_filesystem

pytestmark = pytest.mark.sqlite_only("a register file on a network file system")

# /proc/self/mountinfo as a Linux office PC has it: local disks, a Samba share, an NFS
# home, sshfs, an NTFS disk through FUSE (local), an automounted NFS share on top of its
# autofs trigger, a share whose mount point has a space (written \040).
MOUNTINFO = r"""22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
25 22 0:23 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
40 22 8:3 / /home rw,relatime shared:30 - ext4 /dev/sda3 rw
51 22 0:45 / /mnt/share rw,relatime shared:40 - cifs //fileserver/waiban rw,vers=3.1.1,cache=strict
52 22 0:46 / /mnt/nfs rw,relatime shared:41 - nfs4 fileserver:/export rw,vers=4.2
53 40 0:47 / /home/li/remote rw,nosuid,nodev,relatime shared:42 - fuse.sshfs li@fileserver:/srv rw,user_id=1000
54 22 8:17 / /mnt/ntfs rw,relatime shared:43 - fuseblk /dev/sdb1 rw,user_id=0
55 22 0:48 / /mnt/old rw,relatime shared:44 - fuse sshfs#li@fileserver:/ rw,user_id=1000
56 22 0:49 / /net/office rw,relatime shared:45 - autofs systemd-1 rw,fd=48
57 56 0:50 / /net/office rw,relatime shared:46 - nfs4 fileserver:/office rw,vers=4.2
58 22 0:51 / /mnt/my\040docs rw,relatime shared:47 - cifs //fileserver/docs rw
59 22 0:52 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs;path=C:\
"""


@pytest.mark.parametrize(
    "path, fstype",
    [
        ("/mnt/share/register.sqlite3", "cifs"),
        ("/mnt/share", "cifs"),
        ("/mnt/nfs/office/2026/register.sqlite3", "nfs4"),
        ("/home/li/remote/register.sqlite3", "fuse.sshfs"),
        ("/mnt/old/register.sqlite3", "fuse.sshfs"),
        ("/net/office/register.sqlite3", "nfs4"),  # the mount on top, not the autofs trigger
        ("/mnt/my docs/register.sqlite3", "cifs"),
        ("/mnt/c/Users/li/register.sqlite3", "9p"),  # WSL's view of a Windows drive
        ("/home/li/register.sqlite3", None),
        ("/mnt/shared/register.sqlite3", None),  # "/mnt/share" is a prefix, not a folder above
        ("/mnt/ntfs/register.sqlite3", None),
        ("/srv/register.sqlite3", None),
    ],
)
def test_the_mount_holding_the_register_decides(path, fstype):
    assert network_filesystem(path, MOUNTINFO) == fstype


def test_the_resolved_path_is_judged(tmp_path):
    link = tmp_path / "office"
    link.symlink_to("/mnt/share/office")  # need not exist: only names are looked at
    assert network_filesystem(link / "register.sqlite3", MOUNTINFO) == "cifs"


def test_unreadable_mount_table_or_other_systems_say_nothing(monkeypatch):
    assert network_filesystem("/mnt/share/x", "") is None
    assert network_filesystem("/mnt/share/x", "garbage line\n\n- -\n") is None
    monkeypatch.setattr("sys.platform", "darwin")
    assert network_filesystem("/Volumes/share/register.sqlite3") is None


@pytest.mark.parametrize(
    "path, fstype",
    [
        (r"\\fileserver\waiban\register.sqlite3", "unc"),
        (r"\\?\UNC\fileserver\waiban\register.sqlite3", "unc"),
        (r"Z:\register.sqlite3", "remote"),
        (r"C:\Users\li\register.sqlite3", None),
        (r"\\?\C:\Users\li\register.sqlite3", None),
        (r"\\?\Z:\register.sqlite3", "remote"),
    ],
)
def test_windows_shares_and_mapped_drives(path, fstype):
    drive_types = {"C:\\": 3, "Z:\\": 4}  # DRIVE_FIXED, DRIVE_REMOTE
    assert _windows_network(path, lambda root: drive_types[root.upper()]) == fstype


@pytest.fixture
def on_network(monkeypatch):
    """Every register is on an NFS share, as far as TwinDesk can tell."""
    seen: list[Path] = []

    def fake(path, mountinfo=None):
        seen.append(Path(path))
        return "nfs4"

    monkeypatch.setattr(sqlite_seam, "network_filesystem", fake)
    return seen


def test_command_line_warns_on_stderr(tmp_path, capsys, on_network):
    db = tmp_path / "register.sqlite3"
    assert cli.main(["init", "--db", str(db)]) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert "Created the register" in out and "Warning" not in out
    assert err.count("\n") == 1 and err.startswith("Warning: ")
    assert (
        str(db) in err and "network drive" in err and "(nfs4)" in err and "server register" in err
    )
    assert on_network == [db]
    assert cli.main(["--lang", "zh", "check", "--db", str(db)]) == cli.EXIT_OK
    assert capsys.readouterr().err.startswith("警告：")


def test_command_line_is_quiet_on_a_local_disk(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sqlite_seam, "network_filesystem", lambda path, mountinfo=None: None)
    assert cli.main(["init", "--db", str(tmp_path / "register.sqlite3")]) == cli.EXIT_OK
    assert capsys.readouterr().err == ""


def test_demo_is_judged_where_it_is_written(capsys, on_network):
    from twindesk.paths import user_data_dir

    cli.warn_if_on_network(cli.build_parser().parse_args(["demo"]))
    assert on_network == [user_data_dir() / "demo.sqlite3"] and "Warning" in capsys.readouterr().err


def test_window_shows_a_lasting_note_in_the_status_bar(qtbot, controller, tmp_path, on_network):
    from PySide6.QtWidgets import QLabel

    path = tmp_path / "register.sqlite3"
    assert controller.open(path, create=True)
    note = controller.window.findChild(QLabel, "networkWarning")
    assert note is not None and note.isVisible()
    assert "network drive (nfs4)" in note.text() and str(path) in note.toolTip()
    assert on_network == [path]


def test_window_on_a_local_disk_has_no_note(qtbot, controller, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QLabel

    monkeypatch.setattr(sqlite_seam, "network_filesystem", lambda path, mountinfo=None: None)
    assert controller.open(tmp_path / "register.sqlite3", create=True)
    assert controller.window.findChild(QLabel, "networkWarning") is None


@pytest.mark.skipif(not os.path.exists("/proc/self/mountinfo"), reason="Linux only")
def test_the_real_mount_table_is_read(tmp_path):
    # Whatever this machine's disks are, the answer is a network type or None, never an error.
    assert network_filesystem(tmp_path / "register.sqlite3") in sqlite_seam.NETWORK_FILESYSTEMS | {
        None
    }
