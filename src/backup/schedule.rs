//! The nightly backup: a tokio task that sleeps until the configured local time, copies the
//! database into `<data dir>/backups/` and keeps the newest N nightly copies. The copy runs
//! on the blocking pool on its own read connection, so the writer never waits for it.

use super::{BackupInfo, NIGHTLY_PREFIX, backup_into_dir, prune};
use crate::domain::shift::parse_time;
use crate::error::AppResult;
use chrono::{DateTime, Duration as Days, NaiveTime, TimeZone};
use std::path::PathBuf;
use std::time::Duration;
use tokio::task::JoinHandle;

/// `--backup-at`: a local time of day, or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupAt {
    Off,
    At(NaiveTime),
}

impl BackupAt {
    pub fn parse(text: &str) -> Result<BackupAt, String> {
        if text.trim().eq_ignore_ascii_case("off") {
            return Ok(BackupAt::Off);
        }
        parse_time(text.trim())
            .map(BackupAt::At)
            .ok_or_else(|| format!("`{text}` is not a time of day such as 02:30, nor `off`"))
    }
}

/// When the task copies.
#[derive(Clone, Copy, Debug)]
pub enum Plan {
    /// Every day at this local time.
    Daily(NaiveTime),
    /// Every so often from start (tests).
    Every(Duration),
}

/// The first time after `now` at which the local clock shows `at`. A time that does not exist
/// on a day (a daylight-saving gap) moves to the next day that has it.
pub fn next_run<Tz: TimeZone>(now: &DateTime<Tz>, at: NaiveTime) -> DateTime<Tz> {
    let zone = now.timezone();
    (0..4)
        .filter_map(|ahead| {
            let day = now.date_naive() + Days::days(ahead);
            zone.from_local_datetime(&day.and_time(at)).earliest()
        })
        .find(|run| run > now)
        // Unreachable with real zones; a day later keeps the task alive regardless.
        .unwrap_or_else(|| now.clone() + Days::days(1))
}

/// One nightly run: copy, then prune to the newest `keep`.
pub fn run_once(db: &std::path::Path, dir: &std::path::Path, keep: usize) -> AppResult<BackupInfo> {
    let info = backup_into_dir(db, dir, NIGHTLY_PREFIX)?;
    let removed = prune(dir, keep)?;
    tracing::info!(
        file = info.file,
        size_bytes = info.size_bytes,
        pruned = removed.len(),
        "nightly backup written"
    );
    Ok(info)
}

/// Starts the task; abort the handle to stop it.
pub fn spawn(db: PathBuf, dir: PathBuf, plan: Plan, keep: usize) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            wait_for_turn(plan).await;
            let (db, dir) = (db.clone(), dir.clone());
            match tokio::task::spawn_blocking(move || run_once(&db, &dir, keep)).await {
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::error!(%error, "nightly backup failed"),
                Err(error) => tracing::error!(%error, "nightly backup panicked"),
            }
        }
    })
}

async fn wait_for_turn(plan: Plan) {
    match plan {
        Plan::Every(interval) => tokio::time::sleep(interval).await,
        Plan::Daily(at) => {
            let target = next_run(&chrono::Local::now(), at);
            // Short naps against the wall clock, so a clock set forward or a suspended box
            // still runs the backup at (or soon after) the local time.
            loop {
                let left = target - chrono::Local::now();
                let Ok(left) = left.to_std() else { break };
                if left.is_zero() {
                    break;
                }
                tokio::time::sleep(left.min(Duration::from_secs(60))).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, NaiveDate, Utc};

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    #[test]
    fn the_next_run_is_today_before_the_time_and_tomorrow_after_it() {
        let zone = FixedOffset::east_opt(7 * 3600).expect("zone");
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).expect("day");
        let morning = zone
            .from_local_datetime(&day.and_time(at(1, 0)))
            .single()
            .expect("local");
        let run = next_run(&morning, at(2, 30));
        assert_eq!(run.naive_local(), day.and_time(at(2, 30)));
        let exactly = run;
        assert_eq!(
            next_run(&exactly, at(2, 30)).naive_local(),
            day.succ_opt().expect("next").and_time(at(2, 30)),
            "a run at exactly the time schedules the next day"
        );
        let evening = zone
            .from_local_datetime(&day.and_time(at(23, 59)))
            .single()
            .expect("local");
        assert_eq!(
            next_run(&evening, at(2, 30)).naive_local(),
            day.succ_opt().expect("next").and_time(at(2, 30))
        );
        // Month and year ends roll over.
        let new_year = Utc
            .with_ymd_and_hms(2026, 12, 31, 3, 0, 0)
            .single()
            .expect("utc");
        assert_eq!(
            next_run(&new_year, at(2, 30)).to_rfc3339(),
            "2027-01-01T02:30:00+00:00"
        );
    }

    #[test]
    fn backup_at_reads_a_time_or_off() {
        assert_eq!(BackupAt::parse("02:30"), Ok(BackupAt::At(at(2, 30))));
        assert_eq!(BackupAt::parse("off"), Ok(BackupAt::Off));
        assert_eq!(BackupAt::parse("OFF"), Ok(BackupAt::Off));
        assert!(BackupAt::parse("25:00").is_err());
        assert!(BackupAt::parse("2.30").is_err());
    }

    #[test]
    fn a_run_copies_and_keeps_only_the_newest() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("s.db");
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; CREATE TABLE t (v); INSERT INTO t VALUES (1);",
        )
        .expect("schema");
        let backups = dir.path().join("backups");
        std::fs::create_dir_all(&backups).expect("mkdir");
        std::fs::write(backups.join("before-migration-v1-x.db"), b"kept").expect("write");
        let mut names = Vec::new();
        for _ in 0..4 {
            names.push(run_once(&db, &backups, 2).expect("run").file);
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut left: Vec<String> = std::fs::read_dir(&backups)
            .expect("list")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        left.sort();
        assert_eq!(
            left,
            vec![
                "before-migration-v1-x.db".to_owned(),
                names[2].clone(),
                names[3].clone()
            ]
        );
        let copy = rusqlite::Connection::open(backups.join(&names[3])).expect("copy");
        let v: i64 = copy
            .query_row("SELECT v FROM t", [], |r| r.get(0))
            .expect("row");
        assert_eq!(v, 1);
    }
}
