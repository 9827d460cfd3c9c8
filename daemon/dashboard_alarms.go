package daemon

import "example.org/intake/web"

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
