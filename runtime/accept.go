package runtime

// The listener's two lists: structures still in the handshake (SYN_RECV)
// and established structures waiting in the accept queue for accept().

// defaultBacklog is listen's backlog when the scenario gives none, and
// somaxconn its cap (Linux 5.4 and later: 4096).
const (
	defaultBacklog = 128
	somaxconn      = 4096
)

// acceptLimit is how many established structures the accept queue admits:
// Linux admits backlog+1 (sk_acceptq_is_full tests >), the rfc profile
// exactly backlog (at least one).
func (l *Socket) acceptLimit() int {
	if l.snd.rfc {
		return max(l.lst.backlog, 1)
	}
	return l.lst.backlog + 1
}

func (l *Socket) removeSyn(c *Socket)    { l.lst.synQueue = removeSock(l.lst.synQueue, c) }
func (l *Socket) removeAccept(c *Socket) { l.lst.acceptQ = removeSock(l.lst.acceptQ, c) }

// removeSock removes x from a list in place, keeping the order. The lists
// are queues, so x is almost always first: that costs O(1) and allocates
// nothing, which keeps 100,000 handshakes linear.
func removeSock(list []*Socket, x *Socket) []*Socket {
	for i, y := range list {
		if y != x {
			continue
		}
		if i == 0 {
			list[0] = nil
			return list[1:]
		}
		copy(list[i:], list[i+1:])
		list[len(list)-1] = nil
		return list[:len(list)-1]
	}
	return list
}

// popAccept takes the first structure off the accept queue.
func (l *Socket) popAccept() *Socket {
	if len(l.lst.acceptQ) == 0 {
		return nil
	}
	c := l.lst.acceptQ[0]
	l.lst.acceptQ[0] = nil
	l.lst.acceptQ = l.lst.acceptQ[1:]
	if len(l.lst.acceptQ) == 0 {
		l.lst.acceptQ = nil
	}
	c.accepted = true
	return c
}
