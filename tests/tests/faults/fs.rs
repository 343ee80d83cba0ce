//! Places that refuse writes, for the fault tests: a read-only folder and a full disk. Both
//! need either an unprivileged user (a mode-0555 folder is read-only to it) or the right to
//! mount (root ignores file modes, so a read-only bind mount or a tiny tmpfs is used);
//! where neither works the test says why and skips.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A mount made for a test, unmounted when dropped.
pub struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount(args: &[&str], dir: &Path) -> bool {
    Command::new("mount")
        .args(args)
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Keeps a folder read-only while it lives.
pub struct ReadOnly {
    /// The folder made mode 0555 (restored on drop), when that was enough.
    chmod: Option<PathBuf>,
    /// The read-only bind mount, for root.
    _mount: Option<Mount>,
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if let Some(d) = &self.chmod {
            let _ = Command::new("chmod").arg("755").arg(d).status();
        }
    }
}

/// `dir`, with what it holds, refusing writes while the guard lives; or `None` (with the
/// reason printed) where this test process cannot make it so.
pub fn read_only(dir: &Path) -> Option<ReadOnly> {
    Command::new("chmod").arg("555").arg(dir).status().ok()?;
    let probe = dir.join(".probe");
    if std::fs::write(&probe, "x").is_err() {
        return Some(ReadOnly {
            chmod: Some(dir.to_owned()),
            _mount: None,
        });
    }
    // Root writes through file modes: bind the folder onto itself, read-only.
    let _ = std::fs::remove_file(&probe);
    let _ = Command::new("chmod").arg("755").arg(dir).status();
    let d = dir.to_str()?;
    if !mount(&["--bind", d], dir) {
        eprintln!("skipped: cannot make {d} read-only (not root, no mount)");
        return None;
    }
    let bound = Mount(dir.to_owned());
    if !mount(&["-o", "remount,bind,ro"], dir) {
        eprintln!("skipped: cannot remount {d} read-only");
        return None;
    }
    // The remount changes the bind mount itself: one umount undoes both.
    Some(ReadOnly {
        chmod: None,
        _mount: Some(bound),
    })
}

/// A tmpfs of `bytes` at `dir` (a small disk that fills), or `None` with the reason printed.
pub fn tiny_disk(dir: &Path, bytes: usize) -> Option<Mount> {
    std::fs::create_dir_all(dir).ok()?;
    if !mount(
        &["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"],
        dir,
    ) {
        eprintln!("skipped: cannot mount a tmpfs (needs root or CAP_SYS_ADMIN)");
        return None;
    }
    Some(Mount(dir.to_owned()))
}
