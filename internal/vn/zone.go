package vn

import (
	"sync"
	"time"
	_ "time/tzdata" // the zone below on a machine without a zoneinfo database
)

// ZoneName is Vietnam's time zone (UTC+7, no daylight saving).
const ZoneName = "Asia/Ho_Chi_Minh"

var zone = sync.OnceValue(func() *time.Location {
	if loc, err := time.LoadLocation(ZoneName); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
})

// Zone is Vietnam's time zone, for dates people read (file names, runs).
func Zone() *time.Location { return zone() }
