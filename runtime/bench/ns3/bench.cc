// The ns-3 side of tcps's comparison (runtime/bench/compare): the same
// transfers as the tcps scenarios, built against Debian's ns3 and
// libns3-dev (3.37). Two nodes, point-to-point 10 Gbps / 1 ms, NewReno,
// 1460-byte segments, 64 KiB buffers, no window scaling, timestamps or
// SACK (tcps has none), an ACK for every segment, no tracing.
//
//   ns3bench bulk BYTES [count]     one socket writes BYTES (waking as
//                                   Linux does, see Fill) to a PacketSink
//   ns3bench clients N [count]      N sockets on the client node each
//                                   connect and send 100 bytes; one
//                                   PacketSink accepts them all
//
// With "count" it counts every IP packet sent (both ways) and prints
// "segments N end NS", the count and the virtual time of the last one,
// so that the comparison can check the dynamics match tcps's. The timed
// runs leave it out.
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <string>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;

static uint64_t segments;
static int64_t lastNs;

static void CountTx(Ptr<const Packet>, Ptr<Ipv4>, uint32_t)
{
    segments++;
    lastNs = Simulator::Now().GetNanoSeconds();
}

// The bulk writer: tcps's `write BYTES` then `close`, with Linux's
// wake-up rule for a writer blocked on a full send buffer. It fills the
// buffer once connected; afterwards ns-3 calls back on every ACK that
// frees room (as BulkSend's refill does), and the writer fills the buffer
// again only when the free room is at least half of what is still queued
// (Linux's sk_stream_write_space, as tcps models it). The data goes in
// 1460-byte sends, one segment each.
static const uint32_t sndBuf = 65536;
static uint64_t bulkLeft;

static void Fill(Ptr<Socket> s, uint32_t avail)
{
    uint32_t queued = sndBuf - avail;
    if (bulkLeft == 0 || avail == 0 || avail < queued / 2) {
        return;
    }
    while (bulkLeft > 0) {
        uint32_t k = std::min<uint64_t>({1460, bulkLeft, s->GetTxAvailable()});
        if (k == 0 || s->Send(Create<Packet>(k)) < 0) {
            return;
        }
        bulkLeft -= k;
    }
    s->Close();
}

static void BulkConnected(Ptr<Socket> s)
{
    Fill(s, s->GetTxAvailable());
}

static void StartBulk(Ptr<Node> node, Address server)
{
    Ptr<Socket> s = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    s->Bind();
    s->SetConnectCallback(MakeCallback(&BulkConnected), MakeNullCallback<void, Ptr<Socket>>());
    s->SetSendCallback(MakeCallback(&Fill));
    s->Connect(server);
}

// One client: connect, send 100 bytes once connected, keep the socket.
static void SendHundred(Ptr<Socket> s)
{
    s->Send(Create<Packet>(100));
}

static void StartClient(Ptr<Node> node, Address server)
{
    Ptr<Socket> s = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    s->Bind();
    s->SetConnectCallback(MakeCallback(&SendHundred), MakeNullCallback<void, Ptr<Socket>>());
    s->Connect(server);
}

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s bulk BYTES [count] | clients N [count]\n", argv[0]);
        return 2;
    }
    std::string mode = argv[1];
    uint64_t n = std::strtoull(argv[2], nullptr, 10);
    bool count = argc > 3 && std::strcmp(argv[3], "count") == 0;

    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(TcpNewReno::GetTypeId()));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(65536));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(65536));
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(10));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(1));
    Config::SetDefault("ns3::TcpSocketBase::WindowScaling", BooleanValue(false));
    Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(false));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    // Queues that never drop (tcps's links do not): 10,000 SYNs at once
    // would overflow the defaults (100 packets in the device, 1,000 in
    // the queue disc) and be sent again after the 1 s RTO.
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("10000000p"));
    Config::SetDefault("ns3::PfifoFastQueueDisc::MaxSize", StringValue("10000000p"));
    NetDeviceContainer devs = p2p.Install(nodes);
    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper addr;
    addr.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addr.Assign(devs);
    if (count) {
        Config::ConnectWithoutContext("/NodeList/*/$ns3::Ipv4L3Protocol/Tx", MakeCallback(&CountTx));
    }

    // node 0 listens (tcps's server host), node 1 sends.
    uint16_t port = 80;
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    sink.Install(nodes.Get(0)).Start(Seconds(0));
    Address server(InetSocketAddress(ifs.GetAddress(0), port));

    if (mode == "bulk") {
        bulkLeft = n;
        Simulator::ScheduleWithContext(nodes.Get(1)->GetId(), Seconds(0), &StartBulk, nodes.Get(1), server);
    } else if (mode == "clients") {
        for (uint64_t i = 0; i < n; i++) {
            Simulator::ScheduleWithContext(nodes.Get(1)->GetId(), Seconds(0), &StartClient, nodes.Get(1), server);
        }
    } else {
        std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
        return 2;
    }
    Simulator::Run();
    Simulator::Destroy();
    if (count) {
        std::printf("segments %llu end %lld\n", (unsigned long long)segments, (long long)lastNs);
    }
    return 0;
}
