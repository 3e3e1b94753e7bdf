// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP_GET and SSL_GET (../shared/specs/keepalived.md 3.1, 3.2): one GET
 * of one url per attempt, passed when the status code is accepted (200-299
 * unless status_code says otherwise), the body's MD5 equals the digest when
 * one is given, and the regex matches (or not, with regex_no_match).
 *
 * Every transfer runs in one libcurl multi handle driven by the daemon's
 * libuv loop: curl tells which sockets to watch (CURLMOPT_SOCKETFUNCTION,
 * one uv_poll_t each) and when to wake it (CURLMOPT_TIMERFUNCTION, one
 * uv_timer_t), so thousands of checks share one thread without blocking.
 *
 * The request is keepalived's: "GET path HTTP/1.0", User-Agent
 * KeepAliveClient, Host the virtualhost (url, checker, RS, VS) or the
 * connect address "ip:port".  The TCP connection goes to c->dst whatever
 * the Host says: the URL names the address itself, or, when SNI is to be
 * sent, the SNI name with CURLOPT_CONNECT_TO pointing it at c->dst.
 * Certificates are not verified (keepalived verifies none unless an SSL
 * block gives a CA, which the model does not carry).
 *
 * connect_timeout bounds the connection (TCP and TLS) and then every wait
 * for data, as keepalived applies it to connect, write and each read: the
 * attempt's timer is re-armed on connection and on every received chunk.
 *
 * The regex is POSIX extended (regcomp), where keepalived uses PCRE2: no
 * \d, \s, lazy quantifiers or look-arounds.  It is compiled with
 * REG_NEWLINE so that, as in PCRE, '.' does not match a newline and "OK$"
 * matches a body ending "OK\n"; ^ and $ then match at every line, where
 * PCRE needs (?m).  It is run over the first HTTP_REGEX_MAX bytes.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <net/if.h>
#include <curl/curl.h>
#include <openssl/evp.h>

#include "check_net.h"

#define HTTP_USER_AGENT "KeepAliveClient"
#define HTTP_REGEX_MAX (1024 * 1024) /* body bytes kept for the regex */
#define HTTP_DEFAULT_STATUS_LO 200
#define HTTP_DEFAULT_STATUS_HI 299

struct http_att {
	struct netcheck_att base; /* first: the block is freed through it; its timer re-armed on progress */
	CURL *easy;
	struct curl_slist *headers, *connect_to;
	const struct model_url *url;
	const char *kind;         /* "HTTP_GET" or "SSL_GET", for the logs */
	EVP_MD_CTX *md;           /* with a digest */
	regex_t re;               /* with a regex */
	bool has_re, connected;
	char *body;               /* with a regex: the body so far */
	size_t body_len, body_cap;
	struct http_att *prev, *next; /* hx.attempts */
	char dst[64];
	char errbuf[CURL_ERROR_SIZE];
};

/* A socket curl asked to watch. */
struct http_sock {
	uv_poll_t poll;
	curl_socket_t fd;
};

/* The loop's multi handle, shared by HTTP_GET and SSL_GET. */
static struct {
	uv_loop_t *loop;
	CURLM *multi;
	uv_timer_t *timer;
	int users;                /* init() calls not yet matched by fini() */
	struct http_att *attempts;
} hx;

static void http_reap(void);

static void on_multi_timer(uv_timer_t *t)
{
	int running;

	(void)t;
	curl_multi_socket_action(hx.multi, CURL_SOCKET_TIMEOUT, 0, &running);
	http_reap();
}

/* CURLMOPT_TIMERFUNCTION: -1 cancels; 0 means soon, never from inside this callback. */
static int on_curl_timer(CURLM *multi, long ms, void *userp)
{
	(void)multi;
	(void)userp;
	if (ms < 0)
		uv_timer_stop(hx.timer);
	else
		uv_timer_start(hx.timer, on_multi_timer, ms, 0);
	return 0;
}

static void on_poll(uv_poll_t *p, int status, int events)
{
	struct http_sock *hs = p->data;
	int flags = 0, running;

	if (status < 0)
		flags |= CURL_CSELECT_ERR;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(hx.multi, hs->fd, flags, &running);
	http_reap();
}

/* The close callback of what was malloc'ed with the handle first. */
static void free_handle(uv_handle_t *h)
{
	free(h);
}

/* CURLMOPT_SOCKETFUNCTION: watch @s for @what; curl calls REMOVE before it closes @s. */
static int on_curl_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct http_sock *hs = socketp;
	int events = 0;

	(void)easy;
	(void)userp;
	if (what == CURL_POLL_REMOVE) {
		if (hs) {
			curl_multi_assign(hx.multi, s, NULL);
			uv_close((uv_handle_t *)&hs->poll, free_handle);
		}
		return 0;
	}
	if (!hs) {
		hs = calloc(1, sizeof(*hs));
		if (!hs)
			return -1;
		if (uv_poll_init_socket(hx.loop, &hs->poll, s)) {
			free(hs);
			return -1;
		}
		hs->fd = s;
		hs->poll.data = hs;
		curl_multi_assign(hx.multi, s, hs);
	}
	if (what & CURL_POLL_IN)
		events |= UV_READABLE;
	if (what & CURL_POLL_OUT)
		events |= UV_WRITABLE;
	return uv_poll_start(&hs->poll, events, on_poll) ? -1 : 0;
}

/* http_release() - the attempt's release(): everything of it but its timer's memory. */
static void http_release(struct netcheck_att *base)
{
	struct http_att *a = (struct http_att *)base;

	if (a->prev)
		a->prev->next = a->next;
	else if (hx.attempts == a)
		hx.attempts = a->next;
	if (a->next)
		a->next->prev = a->prev;
	a->prev = a->next = NULL;
	if (a->easy) {
		curl_multi_remove_handle(hx.multi, a->easy);
		curl_easy_cleanup(a->easy);
		a->easy = NULL;
	}
	curl_slist_free_all(a->headers);
	curl_slist_free_all(a->connect_to);
	a->headers = a->connect_to = NULL;
	EVP_MD_CTX_free(a->md);
	a->md = NULL;
	if (a->has_re)
		regfree(&a->re);
	a->has_re = false;
	free(a->body);
	a->body = NULL;
	netcheck_close((uv_handle_t *)&base->timer);
}

static void on_timeout(uv_timer_t *t)
{
	struct http_att *a = t->data;

	if (!a->base.c)
		return;
	netcheck_end(&a->base, CHECK_FAIL, "%s: timeout %s %s url(%s)", a->kind,
		     a->connected ? "reading from" : "connecting to", a->dst, a->url->path);
}

/* Progress: the next wait gets the whole connect_timeout again. */
static void http_arm(struct http_att *a)
{
	netcheck_arm(&a->base, on_timeout);
}

/* CURLOPT_PREREQFUNCTION: connected (and TLS done), the request goes out now. */
static int on_prereq(void *clientp, char *ip, char *local_ip, int port, int local_port)
{
	struct http_att *a = clientp;

	(void)ip;
	(void)local_ip;
	(void)port;
	(void)local_port;
	a->connected = true;
	http_arm(a);
	return CURL_PREREQFUNC_OK;
}

static size_t on_header(char *data, size_t size, size_t n, void *userdata)
{
	(void)data;
	http_arm(userdata);
	return size * n;
}

static size_t on_body(char *data, size_t size, size_t n, void *userdata)
{
	struct http_att *a = userdata;
	size_t len = size * n;

	http_arm(a);
	if (a->md && !EVP_DigestUpdate(a->md, data, len))
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	if (a->has_re && a->body_len < HTTP_REGEX_MAX) {
		size_t keep = len < HTTP_REGEX_MAX - a->body_len ? len : HTTP_REGEX_MAX - a->body_len;

		if (a->body_len + keep > a->body_cap) {
			size_t cap = a->body_cap ? a->body_cap : 4096;
			char *p;

			while (cap < a->body_len + keep)
				cap *= 2;
			p = realloc(a->body, cap);
			if (!p)
				return 0;
			a->body = p;
			a->body_cap = cap;
		}
		memcpy(a->body + a->body_len, data, keep);
		a->body_len += keep;
	}
	return len;
}

/* CURLOPT_SOCKOPTFUNCTION: the checker's fwmark, bind_if and bindto on curl's socket. */
static int on_sockopt(void *clientp, curl_socket_t fd, curlsocktype purpose)
{
	struct http_att *a = clientp;

	if (purpose != CURLSOCKTYPE_IPCXN || !a->base.c)
		return CURL_SOCKOPT_OK;
	return netcheck_sock_opts(fd, a->base.c, true) ? CURL_SOCKOPT_ERROR : CURL_SOCKOPT_OK;
}

static bool status_ok(const struct model_url *url, long code)
{
	bool any = false;

	for (size_t i = 0; i < sizeof(url->status) && !any; i++)
		any = url->status[i];
	if (!any)
		return code >= HTTP_DEFAULT_STATUS_LO && code <= HTTP_DEFAULT_STATUS_HI;
	return code >= 0 && code < (long)sizeof(url->status) * 8 && (url->status[code >> 3] & (1u << (code & 7)));
}

/* http_judge() - the transfer of @a is over with @res: decide the attempt. */
static void http_judge(struct http_att *a, CURLcode res)
{
	const char *path = a->url->path;
	unsigned char md[EVP_MAX_MD_SIZE];
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	unsigned int mdlen = 0;
	long code = 0;

	if (res != CURLE_OK) {
		netcheck_end(&a->base, CHECK_FAIL, "%s: error to %s url(%s): %s", a->kind, a->dst, path,
			     a->errbuf[0] ? a->errbuf : curl_easy_strerror(res));
		return;
	}
	curl_easy_getinfo(a->easy, CURLINFO_RESPONSE_CODE, &code);
	if (!status_ok(a->url, code)) {
		netcheck_end(&a->base, CHECK_FAIL, "HTTP status code error to %s url(%s), status_code [%ld].", a->dst,
			     path, code);
		return;
	}
	if (a->md) {
		if (!EVP_DigestFinal_ex(a->md, md, &mdlen))
			mdlen = 0;
		for (unsigned int i = 0; i < mdlen; i++)
			snprintf(hex + 2 * i, 3, "%02x", md[i]);
		hex[2 * mdlen] = 0;
		if (strcasecmp(hex, a->url->digest)) {
			netcheck_end(&a->base, CHECK_FAIL, "MD5 digest error to %s url(%s), MD5SUM [%s].", a->dst, path,
				     hex);
			return;
		}
	}
	if (a->has_re) {
		regmatch_t m = { .rm_so = 0, .rm_eo = (regoff_t)a->body_len };
		bool matched = !regexec(&a->re, a->body ? a->body : "", 1, &m, REG_STARTEND);

		if (matched == a->url->regex_no_match) {
			netcheck_end(&a->base, CHECK_FAIL, "Regex %s to %s url(%s).",
				     matched ? "matched" : "did not match", a->dst, path);
			return;
		}
	}
	netcheck_end(&a->base, CHECK_OK, "%s: %s url(%s) passed", a->kind, a->dst, path);
}

/* http_reap() - decide every finished transfer. */
static void http_reap(void)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(hx.multi, &left))) {
		CURLcode res = msg->data.result;
		char *priv = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		if (priv)
			http_judge((struct http_att *)priv, res);
	}
}

/* The URL's host: the address itself ("[::1%25lo]" with a scope), or the SNI name. */
static void url_host(const struct checker *c, const char *sni, char *buf, size_t len)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&c->dst;
	char ip[INET6_ADDRSTRLEN], ifname[IF_NAMESIZE] = "";

	if (sni) {
		snprintf(buf, len, "%s", sni);
		return;
	}
	netcheck_addr(&c->dst, false, ip, sizeof(ip));
	if (c->dst.ss_family != AF_INET6)
		snprintf(buf, len, "%s", ip);
	else if (s6->sin6_scope_id && if_indextoname(s6->sin6_scope_id, ifname))
		snprintf(buf, len, "[%s%%25%s]", ip, ifname);
	else
		snprintf(buf, len, "[%s]", ip);
}

/* http_headers() - Host, no Accept (keepalived sends none), and Connection: close for "1.0C". */
static int http_headers(struct http_att *a, const char *vhost)
{
	char line[512];
	struct curl_slist *l;

	snprintf(line, sizeof(line), "Host: %s", vhost ? vhost : a->dst);
	l = curl_slist_append(NULL, line);
	if (l)
		a->headers = l;
	if (l)
		l = curl_slist_append(a->headers, "Accept:");
	if (l && a->base.c->conf->http_protocol == 1)
		l = curl_slist_append(a->headers, "Connection: close");
	return l ? 0 : -ENOMEM;
}

/* http_connect_to() - with SNI: "name:port:[ip]:port" so the name is only a name. */
static int http_connect_to(struct http_att *a, const struct checker *c, const char *sni)
{
	char line[512], ip[INET6_ADDRSTRLEN];
	unsigned int port = netcheck_port(&c->dst);

	netcheck_addr(&c->dst, false, ip, sizeof(ip));
	snprintf(line, sizeof(line), c->dst.ss_family == AF_INET6 ? "%s:%u:[%s]:%u" : "%s:%u:%s:%u", sni, port, ip,
		 port);
	a->connect_to = curl_slist_append(NULL, line);
	return a->connect_to ? 0 : -ENOMEM;
}

/* http_setup() - @a's easy handle for one GET of a->url from c->dst. */
static int http_setup(struct http_att *a, struct checker *c, bool ssl)
{
	const struct model_check *conf = c->conf;
	const char *vhost = a->url->virtualhost ? a->url->virtualhost : c->virtualhost;
	long version = conf->http_protocol == 2 ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_1_0;
	const char *sni = NULL;
	char host[300], url[400];
	CURL *e = a->easy;
	int bad = 0, err;

	if (ssl)
		sni = conf->sni_name ? conf->sni_name : conf->enable_sni ? vhost : NULL;
	err = http_headers(a, vhost);
	if (!err && sni)
		err = http_connect_to(a, c, sni);
	if (err)
		return err;
	url_host(c, sni, host, sizeof(host));
	snprintf(url, sizeof(url), "%s://%s:%u/", ssl ? "https" : "http", host, netcheck_port(&c->dst));

	bad |= curl_easy_setopt(e, CURLOPT_URL, url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_REQUEST_TARGET, a->url->path ? a->url->path : "/") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, ssl ? "https" : "http") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTP_VERSION, version) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, HTTP_USER_AGENT) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, a->headers) != CURLE_OK;
	if (a->connect_to)
		bad |= curl_easy_setopt(e, CURLOPT_CONNECT_TO, a->connect_to) != CURLE_OK;
	/* No proxy from the environment, no redirect, a connection of its own. */
	bad |= curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)netcheck_timeout_ms(c)) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_SESSIONID_CACHE, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, a) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, a->errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, on_sockopt) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SOCKOPTDATA, a) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PREREQDATA, a) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, a) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, a) != CURLE_OK;
	return bad ? -EINVAL : 0;
}

/* http_match_setup() - the digest context and the compiled regex @a's url asks for. */
static int http_match_setup(struct http_att *a)
{
	int err;

	if (a->url->digest) {
		a->md = EVP_MD_CTX_new();
		if (!a->md)
			return -ENOMEM;
		if (!EVP_DigestInit_ex(a->md, EVP_md5(), NULL))
			return -ENOTSUP; /* MD5 not offered (a FIPS-only OpenSSL) */
	}
	if (a->url->regex) {
		err = regcomp(&a->re, a->url->regex, REG_EXTENDED | REG_NOSUB | REG_NEWLINE);
		if (err) {
			char msg[128];

			regerror(err, &a->re, msg, sizeof(msg));
			xvsd_log(LOG_ERR, "%s: url(%s): regex \"%s\": %s", a->kind, a->url->path, a->url->regex,
				 msg);
			return -EINVAL;
		}
		a->has_re = true;
	}
	return 0;
}

static int http_start(struct checker *c)
{
	const struct model_url *url = c->url ? c->url : c->conf->urls;
	bool ssl = c->conf->type == CHECK_SSL;
	struct http_att *a;
	int err;

	if (!url || !hx.multi)
		return -EINVAL;
	a = netcheck_att_new(c, sizeof(*a), http_release, &err);
	if (!a)
		return err;
	a->base.c = c;
	a->url = url;
	a->kind = ssl ? "SSL_GET" : "HTTP_GET";
	netcheck_addr(&c->dst, true, a->dst, sizeof(a->dst));
	a->easy = curl_easy_init();
	err = a->easy ? 0 : -ENOMEM;
	if (!err)
		err = http_match_setup(a);
	if (!err)
		err = http_setup(a, c, ssl);
	if (!err && curl_multi_add_handle(hx.multi, a->easy) != CURLM_OK)
		err = -ENOMEM;
	if (err) {
		if (a->easy) {
			curl_easy_cleanup(a->easy); /* never added: not removed by release */
			a->easy = NULL;
		}
		a->base.c = NULL;
		http_release(&a->base);
		return err;
	}
	a->next = hx.attempts;
	if (a->next)
		a->next->prev = a;
	hx.attempts = a;
	netcheck_begin(&a->base, c, on_timeout);
	return 0;
}

static int http_init(uv_loop_t *loop)
{
	if (hx.users++)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		goto err;
	hx.loop = loop;
	hx.timer = malloc(sizeof(*hx.timer));
	if (!hx.timer)
		goto err_global;
	if (uv_timer_init(loop, hx.timer))
		goto err_timer;
	hx.multi = curl_multi_init();
	if (!hx.multi)
		goto err_multi;
	curl_multi_setopt(hx.multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(hx.multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	return 0;

err_multi:
	uv_close((uv_handle_t *)hx.timer, free_handle);
	hx.timer = NULL;
	goto err_global;
err_timer:
	free(hx.timer);
	hx.timer = NULL;
err_global:
	curl_global_cleanup();
err:
	hx.users--;
	xvsd_log(LOG_ERR, "HTTP_GET/SSL_GET: cannot set up libcurl");
	return -ENOMEM;
}

static void http_fini(void)
{
	if (!hx.users || --hx.users)
		return;
	/* What the engine did not stop ends here, without checker_done(). */
	while (hx.attempts) {
		struct http_att *a = hx.attempts;

		netcheck_detach(&a->base);
		http_release(&a->base);
	}
	curl_multi_cleanup(hx.multi);
	hx.multi = NULL;
	uv_close((uv_handle_t *)hx.timer, free_handle);
	hx.timer = NULL;
	hx.loop = NULL;
	curl_global_cleanup();
}

const struct check_type check_http_type = {
	.type = CHECK_HTTP,
	.init = http_init,
	.fini = http_fini,
	.start = http_start,
	.stop = netcheck_stop,
};

const struct check_type check_ssl_type = {
	.type = CHECK_SSL,
	.init = http_init,
	.fini = http_fini,
	.start = http_start,
	.stop = netcheck_stop,
};
