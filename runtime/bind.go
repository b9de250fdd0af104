package runtime

// Binding: one structure per local address and port, by Linux's rules
// (inet_csk_bind_conflict), which docs/model.md spells out:
//
//   - two structures conflict when they hold the same port and their local
//     addresses are equal or either is the wildcard *;
//   - unless both set SO_REUSEPORT (then the more specific listener wins the
//     demux, whatever the bind order);
//   - or both set SO_REUSEADDR and the existing one is not listening (a
//     TIME_WAIT or connected structure left by an earlier server).
//
// Structures derived from a listener share its port and inherit its
// options; they are in the table too, which is why a restarted server needs
// SO_REUSEADDR while old connections linger in TIME_WAIT.

func (h *Host) bindConflict(s *Socket, ep endpoint) *Socket {
	for _, o := range h.binds[ep.port] {
		if o == s || o.State == Closed && !o.bound {
			continue
		}
		if o.local.ip != 0 && ep.ip != 0 && o.local.ip != ep.ip {
			continue
		}
		if s.reusePort && o.reusePort {
			continue
		}
		if s.reuseAddr && o.reuseAddr && o.State != Listen {
			continue
		}
		return o
	}
	return nil
}

// bindTo records s as holding ep.
func (h *Host) bindTo(s *Socket, ep endpoint) {
	s.local = ep
	if h.binds == nil {
		h.binds = map[uint16][]*Socket{}
	}
	h.binds[ep.port] = append(h.binds[ep.port], s)
	s.bound = true
}

func (h *Host) unbind(s *Socket) {
	if !s.bound {
		return
	}
	l := removeSock(h.binds[s.local.port], s)
	if len(l) == 0 {
		delete(h.binds, s.local.port)
	} else {
		h.binds[s.local.port] = l
	}
	s.bound = false
}
