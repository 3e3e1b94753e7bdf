#!/bin/bash
# The SIP persistence engine on real traffic: a UDP service on port 5060
# with -p --pe sip -o, real servers that answer each SIP message with their
# own name and the message's Call-ID, and a client that sends several calls'
# messages from ONE socket.  Each call sticks to one server (whether its
# header says "Call-ID:" or "i:"), the calls spread over the servers, -Lnc
# --persistent-conn lists the templates with "sip" and the Call-ID, a
# message without a Call-ID is dropped, and without -o a socket's messages
# follow its first one.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

SVC=$VIP:5060
CALLS=(call-1@client.example call-2@client.example call-3@client.example
	call-4@client.example call-5@client.example call-6@client.example)

# A real server: on VIP:5060, answers "NAME CALL-ID" (or "NAME -") to each
# message, and prints each Call-ID it got.  Perl's core modules only.
cat >"$TEST_TMP/sip_server.pl" <<'EOF'
use strict;
use IO::Socket::INET;
my ($name, $vip) = @ARGV;
my $s = IO::Socket::INET->new(LocalAddr => $vip, LocalPort => 5060, Proto => 'udp')
	or die "bind $vip:5060: $!\n";
$| = 1;
print "listening\n";
while (defined(my $peer = $s->recv(my $msg, 65535))) {
	my ($id) = $msg =~ /^(?:call-id|i)[ \t]*:[ \t]*(\S+)\r?$/mi;
	$id //= '-';
	print "$id\n";
	$s->send("$name $id", 0, $peer);
}
EOF

# The client: one socket on source port PORT sends, in order, a message per
# HEADER=CALLID argument (HEADER "" for none) and waits up to 1 s for each
# answer.  Prints "CALLID SERVER" per message ("-" when none answered).
cat >"$TEST_TMP/sip_client.pl" <<'EOF'
use strict;
use IO::Select;
use IO::Socket::INET;
my ($vip, $port, @msgs) = @ARGV;
my $s = IO::Socket::INET->new(LocalPort => $port, Proto => 'udp') or die "bind :$port: $!\n";
my $to = sockaddr_in(5060, inet_aton($vip));
my $sel = IO::Select->new($s);
my $cseq = 0;
for my $m (@msgs) {
	my ($hdr, $id) = split /=/, $m, 2;
	my $line = $hdr eq '' ? '' : "$hdr: $id\r\n";
	$cseq++;
	$s->send("OPTIONS sip:$vip SIP/2.0\r\n"
		. "Via: SIP/2.0/UDP 192.0.2.100:$port;branch=z9hG4bK$cseq\r\n"
		. "Max-Forwards: 70\r\n"
		. "To: <sip:$vip>\r\n"
		. "From: <sip:client\@192.0.2.100>;tag=$port\r\n"
		. $line
		. "CSeq: $cseq OPTIONS\r\n"
		. "Content-Length: 0\r\n\r\n", 0, $to) or die "send: $!\n";
	my $who = '-';
	if ($sel->can_read(1)) {
		$s->recv(my $answer, 65535);
		($who) = split / /, $answer;
	}
	print "$id $who\n";
}
EOF

# send PORT HEADER=CALLID...: the client's "CALLID SERVER" lines.
send_sip() { on cl timeout 30 perl "$TEST_TMP/sip_client.pl" "$VIP" "$@"; }

# server_of CALLID TABLE: the servers that answered CALLID in TABLE, one line.
server_of() { awk -v id="$1" '$1 == id { print $2 }' <<<"$2" | sort -u | tr '\n' ' ' | sed 's/ $//'; }

lab_up
for ((k = 1; k <= LAB_RS; k++)); do
	bg_on "rs$k" "$LAB_RUN/rs$k.sip" timeout 120 perl "$TEST_TMP/sip_server.pl" "rs$k" "$VIP"
	wait_for "rs$k answers SIP on $SVC" 5 grep -q '^listening' "$LAB_RUN/rs$k.sip"
done

check "add service $SVC rr -p 60 --pe sip -o" xvsadm_dir -A -u "$SVC" -s rr -p 60 --pe sip -o
for ((k = 1; k <= LAB_RS; k++)); do
	check "add rs$k" xvsadm_dir -a -u "$SVC" -r "$(rs_ip "$k"):5060" -g
done
expect_line "-Ln shows the engine" "^UDP  $SVC rr persistent 60 pe sip ops\$" "$(xvsadm_dir -Ln)"
expect_line "-S saves the engine" "^-A -u $SVC -s rr -p 60 --pe sip -o\$" "$(xvsadm_dir -S -n)"

# Six calls, two messages each, from one socket: "Call-ID:" first, then the
# compact "i:" in the other order.
msgs=()
for id in "${CALLS[@]}"; do msgs+=("Call-ID=$id"); done
for ((i = ${#CALLS[@]} - 1; i >= 0; i--)); do msgs+=("i=${CALLS[i]}"); done
table=$(send_sip 5060 "${msgs[@]}")
note "answers (Call-ID server):"
printf '%s\n' "$table" | indent
expect_eq "every message was answered" 0 "$(awk '$2 == "-"' <<<"$table" | wc -l)"
for id in "${CALLS[@]}"; do
	expect_match "both messages of $id went to one server" '^rs[1-3]$' "$(server_of "$id" "$table")"
done
used=$(awk '{ print $2 }' <<<"$table" | sort -u | wc -l)
expect_eq "one socket's 6 calls are spread over the 3 servers" 3 "$used"

# What each server got, as it logged it, is what the client was told.
for ((k = 1; k <= LAB_RS; k++)); do
	expect_eq "rs$k got exactly the messages it answered" \
		"$(awk -v k="rs$k" '$2 == k { print $1 }' <<<"$table" | sort)" \
		"$(grep -v '^listening' "$LAB_RUN/rs$k.sip" | sort)"
done

rows=$(xvsadm_dir -Lnc --persistent-conn)
note "-Lnc --persistent-conn:"
printf '%s\n' "$rows" | indent
for id in "${CALLS[@]}"; do
	rs=$(server_of "$id" "$table")
	expect_line "-Lnc --persistent-conn lists $id's template to $rs" \
		"^UDP 0[01]:[0-9]{2}  NONE +$CLIENT:0 +$SVC +$(rs_ip "${rs#rs}"):5060 +sip +$id\$" "$rows"
done
expect_eq "-Lnc --persistent-conn lists 6 templates" 6 "$(grep -c ' sip ' <<<"$rows")"
expect_no_match "-Lnc without --persistent-conn shows no pe columns" " sip " "$(xvsadm_dir -Lnc)"
persist=$(xvsadm_dir -Ln --persistent-conn | awk '$1 == "->" { sum += $4 } END { print sum }')
expect_eq "--persistent-conn counts 6 templates" 6 "$persist"

# No Call-ID: IPVS drops the message (ip_vs_sip_fill_param fails).
before=$(xvsadm_dir --xvs-reasons | awk '$1 == "drop_pe_sip" { print $2 }')
expect_eq "a message without a Call-ID gets no answer" "none -" "$(send_sip 5060 "=none")"
after=$(xvsadm_dir --xvs-reasons | awk '$1 == "drop_pe_sip" { print $2 }')
expect_eq "it is counted as drop_pe_sip" 1 "$((after - before))"

# Without -o the flow decides: a new socket's second call follows its
# first; its Call-ID goes elsewhere from another socket, and the first
# phase's calls keep their servers.
check "-E without -o" xvsadm_dir -E -u "$SVC" -s rr -p 60 --pe sip
table2=$(send_sip 5070 Call-ID=call-7@client.example Call-ID=call-8@client.example)
note "socket 5070: $(tr '\n' ';' <<<"$table2")"
rs7=$(server_of call-7@client.example "$table2")
expect_match "call-7 was answered" '^rs[1-3]$' "$rs7"
expect_eq "call-8 on the same socket followed call-7's flow" "$rs7" \
	"$(server_of call-8@client.example "$table2")"
rs8=$(send_sip 5071 Call-ID=call-8@client.example | awk '{ print $2 }')
expect_match "call-8 from another socket was answered" '^rs[1-3]$' "$rs8"
expect_no_match "... by a server of its own (rr's next)" "^$rs7\$" "$rs8"
rs1=$(server_of "${CALLS[0]}" "$table")
expect_eq "${CALLS[0]} from a third socket still goes to $rs1" "${CALLS[0]} $rs1" \
	"$(send_sip 5072 "i=${CALLS[0]}")"

lib_exit
