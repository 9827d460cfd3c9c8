package daemon

import (
	"context"

	"example.org/intake/store"
	"example.org/intake/web"
)

// DashboardAlarms lists the watchdog's incidents for the staff dashboard.
func (d *Daemon) DashboardAlarms() []web.Alarm {
	if d.Watchdog == nil {
		return nil
	}
	var out []web.Alarm
	for _, in := range d.Watchdog.Alarms.Active() {
		out = append(out, web.Alarm{Title: in.Title, Detail: in.Detail, Since: in.Since})
	}
	return out
}

// DashboardSendQueue is the send queue and the time it will take to go,
// for the staff dashboard.
func (d *Daemon) DashboardSendQueue(ctx context.Context) (web.SendQueue, error) {
	stats, err := d.Store.OutboundStats(ctx)
	if err != nil {
		return web.SendQueue{}, err
	}
	dr, err := d.drain(ctx, stats.ByState[store.OutboundQueued]+stats.ByState[store.OutboundSending])
	if err != nil {
		return web.SendQueue{}, err
	}
	return web.SendQueue{Queued: dr.Queued, PerMinute: dr.PerMinute, Limited: dr.Limited, Drain: dr.Time, Known: dr.Known}, nil
}
