//! When a CronJob should have run (pkg/controller/cronjob/utils.go): the most recent unmet
//! schedule time since the last one (or since creation), how many were missed, and when to look
//! again. Times are Unix milliseconds; schedules have whole seconds.

use crate::api::batch::CronJob;
use crate::manifest::validate::Schedule;

use super::tz::Zone;

/// `nextScheduleDelta`: the controller wakes this long after a schedule time.
pub const NEXT_SCHEDULE_DELTA_MS: i64 = 100;

/// `missedSchedulesType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missed {
    None,
    Few,
    Many,
}

/// A parsed schedule read in its zone.
pub struct ZonedSchedule<'a> {
    pub schedule: &'a Schedule,
    pub zone: &'a Zone,
}

impl ZonedSchedule<'_> {
    /// `Schedule.Next` for an instant in milliseconds: the first activation strictly after the
    /// whole second it falls in; `None` where robfig returns the zero time.
    pub fn next(&self, after_ms: i64) -> Option<i64> {
        let zone = self.zone;
        self.schedule.next_in(after_ms.div_euclid(1000), &|t| zone.offsets(t)).map(|s| s * 1000)
    }
}

/// What `mostRecentScheduleTime` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MostRecent {
    /// The last schedule time, or the creation time (moved up to `now - startingDeadlineSeconds`).
    pub earliest: i64,
    /// The most recent schedule time at or before now, if any since `earliest`.
    pub time: Option<i64>,
    pub missed: Missed,
    /// The rough count of missed times behind `missed`.
    pub count: i64,
}

/// Follows `mostRecentScheduleTime`. `Err` carries upstream's error text.
pub fn most_recent_schedule_time(
    cj: &CronJob,
    now: i64,
    sched: &ZonedSchedule,
    include_starting_deadline: bool,
) -> Result<MostRecent, String> {
    let mut earliest = cj.metadata.creation_timestamp.map_or(0, |t| t.0);
    if let Some(t) = cj.status.last_schedule_time {
        earliest = t.0;
    }
    if include_starting_deadline {
        if let Some(deadline) = cj.spec.starting_deadline_seconds {
            let scheduling_deadline = now - deadline.saturating_mul(1000);
            if scheduling_deadline > earliest {
                earliest = scheduling_deadline;
            }
        }
    }
    let none = MostRecent { earliest, time: None, missed: Missed::None, count: 0 };
    let too_close = || "time difference between two schedules is less than 1 second".to_string();
    // Where robfig returns the zero time, Go compares against year 1: both ends collapse.
    let t1 = sched.next(earliest);
    let (Some(t1), Some(t2)) = (t1, t1.and_then(|t| sched.next(t))) else {
        return Err(too_close());
    };
    if now < t1 {
        return Ok(none);
    }
    if now < t2 {
        return Ok(MostRecent { time: Some(t1), ..none });
    }
    let between = (t2 - t1 + 500).div_euclid(1000);
    if between < 1 {
        return Err(too_close());
    }
    let elapsed = (now - t1) / 1000;
    let count = elapsed / between + 1;
    let potential_earliest = t1 + (count - 2) * between * 1000;
    let mut most_recent = None;
    let mut t = sched.next(potential_earliest);
    while let Some(x) = t {
        if x > now {
            break;
        }
        most_recent = Some(x);
        t = sched.next(x);
    }
    let missed = if count > 100 {
        Missed::Many
    } else if count > 0 {
        Missed::Few
    } else {
        Missed::None
    };
    Ok(MostRecent { earliest, time: most_recent, missed, count })
}

/// Follows `nextScheduleTimeDuration`: milliseconds until 100ms after the next schedule time.
pub fn next_schedule_time_duration(cj: &CronJob, now: i64, sched: &ZonedSchedule) -> Option<i64> {
    let from = match most_recent_schedule_time(cj, now, sched, false) {
        Err(_) => now,
        Ok(MostRecent { time: Some(t), .. }) => t,
        Ok(MostRecent { missed: Missed::None, earliest, .. }) => earliest,
        Ok(_) => now,
    };
    sched.next(from).map(|t| t + NEXT_SCHEDULE_DELTA_MS - now)
}

/// `getJobName`: the CronJob's name and the scheduled time in minutes since the epoch.
pub fn job_name(cj: &CronJob, scheduled_ms: i64) -> String {
    format!("{}-{}", cj.metadata.name, scheduled_ms.div_euclid(1000) / 60)
}
