// Package web owns the staff desk: the server-rendered pages where staff
// sign in, see every clock at a glance, read each message safely, correct
// the classifier, edit and approve answers, and export reports and the
// audit log; and the small JSON API for providers who integrate.
//
// Every page but sign-in and account set-up needs a session; the audit
// log and participant import need the admin role. Every state-changing
// request must carry the session's anti-forgery token and pass the
// browser's cross-origin check. Email content is shown as text, or as HTML
// sanitised with bluemonday with every image and remote resource removed,
// under a Content-Security-Policy that forbids scripts and remote loads.
// All changes to cases go through casework, named for the signed-in member
// of staff.
package web
