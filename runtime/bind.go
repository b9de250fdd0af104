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
	for _, o := range h.boundTo(ep.port) {
		if o == s || o.State == Closed && !o.bound || o.local.port != ep.port {
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

// The bind table is a short list of every bound structure while the host
// has at most fewMax of them, and a map by port after that (see
// hostTables for why).

// boundTo returns the structures holding port, and possibly others: the
// caller checks each one's port.
func (h *Host) boundTo(port uint16) []*Socket {
	if t := h.tables; t != nil && t.binds != nil {
		return t.binds[port]
	}
	return h.fewBinds
}

// portInUse reports whether a structure holds port.
func (h *Host) portInUse(port uint16) bool {
	for _, o := range h.boundTo(port) {
		if o.local.port == port {
			return true
		}
	}
	return false
}

// bindTo records s as holding ep.
func (h *Host) bindTo(s *Socket, ep endpoint) {
	s.local = ep
	s.bound = true
	if h.tables == nil || h.tables.binds == nil {
		if len(h.fewBinds) < fewMax {
			h.fewBinds = append(h.fewBinds, s)
			return
		}
		binds := make(map[uint16][]*Socket, 2*fewMax)
		for _, o := range h.fewBinds {
			binds[o.local.port] = append(binds[o.local.port], o)
		}
		h.fewBinds = nil
		h.bigTables().binds = binds
	}
	binds := h.tables.binds
	binds[ep.port] = append(binds[ep.port], s)
}

func (h *Host) unbind(s *Socket) {
	if !s.bound {
		return
	}
	s.bound = false
	if h.tables == nil || h.tables.binds == nil {
		h.fewBinds = removeSock(h.fewBinds, s)
		return
	}
	binds := h.tables.binds
	l := removeSock(binds[s.local.port], s)
	if len(l) == 0 {
		delete(binds, s.local.port)
	} else {
		binds[s.local.port] = l
	}
}
