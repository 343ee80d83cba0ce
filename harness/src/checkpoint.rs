//! Checkpoint files: an engine's snapshot with the source offset and watermark it was taken
//! at, written durably (write, fsync, rename, fsync of the folder: a checkpoint is complete
//! only once it is on disk under its final name) and read back only after its length and
//! checksum agree. A damaged file is an error naming the file, never a silent restart.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use workloads::Time;

/// First bytes of every checkpoint file (format version 1).
const MAGIC: &[u8; 8] = b"SBCKPT01";
/// Magic, id, offset, watermarks, watermark, taken at, payload length.
const HEADER: usize = 8 + 6 * 8;
/// Complete checkpoints kept; older ones are deleted once a newer one is durable.
pub const KEEP: usize = 2;

/// Why a checkpoint could not be written or read back.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    /// The file system refused.
    #[error("checkpoint {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The file is not a complete checkpoint written by streambench.
    #[error("checkpoint {path} is damaged: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong: truncated, bad magic, checksum mismatch.
        reason: String,
    },
}

/// Where in the stream a snapshot was taken, and the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// Sequence number in its run, from 1.
    pub id: u64,
    /// Events of the stream before the cut: the source rewinds here.
    pub offset: u64,
    /// Watermarks of the stream before the cut.
    pub watermarks: u64,
    /// The latest watermark before the cut (0 when none).
    pub watermark: Time,
    /// Clock time the snapshot was started.
    pub taken_at: Time,
    /// The engine's snapshot.
    pub state: Vec<u8>,
}

impl Checkpoint {
    /// The file's bytes: header, snapshot, CRC-32 of everything before it.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(HEADER + self.state.len() + 4);
        b.extend_from_slice(MAGIC);
        for v in [
            self.id,
            self.offset,
            self.watermarks,
            self.watermark,
            self.taken_at,
            self.state.len() as u64,
        ] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&self.state);
        let crc = crc32fast::hash(&b);
        b.extend_from_slice(&crc.to_le_bytes());
        b
    }

    /// Reads a file's bytes back, or says what is wrong with them.
    pub fn decode(b: &[u8]) -> Result<Checkpoint, String> {
        if b.len() < HEADER + 4 {
            return Err(format!(
                "truncated: {} bytes, shorter than the {}-byte header",
                b.len(),
                HEADER + 4
            ));
        }
        if &b[..8] != MAGIC {
            return Err("not a streambench checkpoint (bad magic)".into());
        }
        let word = |k: usize| u64::from_le_bytes(b[8 + 8 * k..16 + 8 * k].try_into().unwrap());
        let len = word(5);
        let whole = (HEADER as u64).saturating_add(len).saturating_add(4);
        if b.len() as u64 != whole {
            return Err(format!(
                "truncated: {} bytes, its header says {whole}",
                b.len()
            ));
        }
        let body = b.len() - 4;
        let stored = u32::from_le_bytes(b[body..].try_into().unwrap());
        let computed = crc32fast::hash(&b[..body]);
        if stored != computed {
            return Err(format!(
                "checksum mismatch (stored {stored:08x}, computed {computed:08x})"
            ));
        }
        Ok(Checkpoint {
            id: word(0),
            offset: word(1),
            watermarks: word(2),
            watermark: word(3),
            taken_at: word(4),
            state: b[HEADER..body].to_vec(),
        })
    }
}

/// One run's checkpoint folder: the complete checkpoints it wrote, the last [`KEEP`] kept.
pub struct Store {
    dir: PathBuf,
    /// Ids of complete checkpoints on disk, oldest first.
    complete: Vec<u64>,
}

/// What writing one checkpoint took.
#[derive(Clone, Copy, Debug)]
pub struct Written {
    /// Bytes of the file.
    pub bytes: u64,
    /// Write, fsync, rename and fsync of the folder, ns.
    pub persist: Time,
}

impl Store {
    /// The folder `dir`, created if needed, emptied of checkpoints an earlier run of the
    /// same key left there (they are not this run's).
    pub fn create(dir: &Path) -> Result<Store, CheckpointError> {
        let io = |source| CheckpointError::Io {
            path: dir.to_path_buf(),
            source,
        };
        fs::create_dir_all(dir).map_err(io)?;
        for entry in fs::read_dir(dir).map_err(io)?.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("chk-") || name.starts_with(".chk-") {
                fs::remove_file(entry.path()).map_err(io)?;
            }
        }
        Ok(Store {
            dir: dir.to_path_buf(),
            complete: Vec::new(),
        })
    }

    /// The file of checkpoint `id`.
    pub fn path(&self, id: u64) -> PathBuf {
        self.dir.join(format!("chk-{id:08}.ckpt"))
    }

    /// Writes `c` durably, then deletes all but the last [`KEEP`] complete checkpoints.
    pub fn write(&mut self, c: &Checkpoint) -> Result<Written, CheckpointError> {
        let started = Instant::now();
        let bytes = c.encode();
        let tmp = self.dir.join(format!(".chk-{:08}.tmp", c.id));
        let fin = self.path(c.id);
        let at = |path: &Path| {
            let path = path.to_path_buf();
            move |source| CheckpointError::Io { path, source }
        };
        let mut f = File::create(&tmp).map_err(at(&tmp))?;
        f.write_all(&bytes).map_err(at(&tmp))?;
        f.sync_all().map_err(at(&tmp))?;
        drop(f);
        fs::rename(&tmp, &fin).map_err(at(&fin))?;
        // The rename is durable only once the folder's entry is.
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(at(&self.dir))?;
        self.complete.push(c.id);
        while self.complete.len() > KEEP {
            let id = self.complete.remove(0);
            let old = self.path(id);
            fs::remove_file(&old).map_err(at(&old))?;
        }
        Ok(Written {
            bytes: bytes.len() as u64,
            persist: started.elapsed().as_nanos() as Time,
        })
    }

    /// The latest complete checkpoint, read back from disk and verified; `None` when none
    /// was completed yet. A missing or damaged file is an error, never a fallback.
    pub fn latest(&self) -> Result<Option<Checkpoint>, CheckpointError> {
        let Some(&id) = self.complete.last() else {
            return Ok(None);
        };
        let path = self.path(id);
        let bytes = fs::read(&path).map_err(|source| CheckpointError::Io {
            path: path.clone(),
            source,
        })?;
        let c = Checkpoint::decode(&bytes).map_err(|reason| CheckpointError::Corrupt {
            path: path.clone(),
            reason,
        })?;
        if c.id != id {
            return Err(CheckpointError::Corrupt {
                path,
                reason: format!("holds checkpoint {}, not {id}", c.id),
            });
        }
        Ok(Some(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sb-checkpoint-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    fn checkpoint(id: u64) -> Checkpoint {
        Checkpoint {
            id,
            offset: 100 * id,
            watermarks: id,
            watermark: 7 * id,
            taken_at: 1_000 * id,
            state: vec![id as u8; 50],
        }
    }

    #[test]
    fn written_checkpoints_read_back_and_only_the_last_two_stay() {
        let d = dir("keep");
        let mut s = Store::create(&d).unwrap();
        assert_eq!(s.latest().unwrap(), None);
        for id in 1..=4 {
            let w = s.write(&checkpoint(id)).unwrap();
            assert_eq!(w.bytes, (HEADER + 50 + 4) as u64);
        }
        assert_eq!(s.latest().unwrap(), Some(checkpoint(4)));
        let mut names: Vec<String> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["chk-00000003.ckpt", "chk-00000004.ckpt"]);
        // A later run of the same key starts from an empty folder.
        assert_eq!(Store::create(&d).unwrap().latest().unwrap(), None);
        assert_eq!(fs::read_dir(&d).unwrap().count(), 0);
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_truncated_or_flipped_checkpoint_is_an_error_naming_the_file() {
        let d = dir("damaged");
        let mut s = Store::create(&d).unwrap();
        s.write(&checkpoint(1)).unwrap();
        let path = s.path(1);
        let good = fs::read(&path).unwrap();
        for cut in [0, 10, HEADER + 4, good.len() - 1] {
            fs::write(&path, &good[..cut]).unwrap();
            let e = s.latest().unwrap_err().to_string();
            assert!(e.contains("chk-00000001.ckpt is damaged: truncated"), "{e}");
        }
        let mut flipped = good.clone();
        flipped[HEADER + 3] ^= 1;
        fs::write(&path, &flipped).unwrap();
        let e = s.latest().unwrap_err().to_string();
        assert!(e.contains("checksum mismatch"), "{e}");
        fs::remove_file(&path).unwrap();
        assert!(matches!(s.latest(), Err(CheckpointError::Io { .. })));
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn any_bytes_decode_to_a_checkpoint_or_a_reason_never_a_panic() {
        let good = checkpoint(3).encode();
        for n in 0..good.len() {
            let _ = Checkpoint::decode(&good[..n]);
            let mut b = good.clone();
            b[n] = b[n].wrapping_add(1);
            assert!(Checkpoint::decode(&b).is_err());
        }
        let mut huge = good.clone();
        huge[48..56].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(Checkpoint::decode(&huge).unwrap_err().contains("truncated"));
    }
}
