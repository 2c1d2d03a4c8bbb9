/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <ws2def.h>. The kit's ws2def.h defines the socket
 * address types that kernel-mode network code uses (netioapi.h, ws2ipdef.h,
 * NDIS and WSK drivers); mingw-w64's holds only SCOPE_ID and leaves the rest
 * to winsock2.h, which kernel-mode code never includes, so its ws2ipdef.h
 * meets an incomplete struct sockaddr. In kernel mode this declares them as
 * the kit documents them; in user mode winsock2.h does, as before. */
#ifndef ENTRYCHECK_WS2DEF_H
#define ENTRYCHECK_WS2DEF_H
#include_next <ws2def.h>

#if defined(_KERNEL_MODE) && !defined(_WINSOCK2API_) && !defined(_WINSOCKAPI_)
#include <_bsd_types.h> /* u_short, u_long: mingw-w64's ws2ipdef.h spells fields with them */
#include <inaddr.h>

typedef USHORT ADDRESS_FAMILY;

#define AF_UNSPEC 0
#define AF_INET 2
#define AF_INET6 23

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3

typedef enum {
	IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17,
	IPPROTO_IPV6 = 41,
	IPPROTO_ICMPV6 = 58,
	IPPROTO_RAW = 255
} IPPROTO, *PIPROTO;

typedef struct sockaddr {
	ADDRESS_FAMILY sa_family;
	CHAR sa_data[14];
} SOCKADDR, *PSOCKADDR, *LPSOCKADDR;

typedef struct sockaddr_in {
	ADDRESS_FAMILY sin_family;
	USHORT sin_port;
	IN_ADDR sin_addr;
	CHAR sin_zero[8];
} SOCKADDR_IN, *PSOCKADDR_IN;

typedef struct sockaddr_storage {
	ADDRESS_FAMILY ss_family;
	CHAR __ss_pad1[6];
	__int64 __ss_align;
	CHAR __ss_pad2[112];
} SOCKADDR_STORAGE, *PSOCKADDR_STORAGE, *LPSOCKADDR_STORAGE;

typedef struct _SOCKET_ADDRESS {
	LPSOCKADDR lpSockaddr;
	INT iSockaddrLength;
} SOCKET_ADDRESS, *PSOCKET_ADDRESS, *LPSOCKET_ADDRESS;

typedef struct _WSABUF {
	ULONG len;
	CHAR *buf;
} WSABUF, *LPWSABUF;

/* The header of a control-data element (ancillary data of WSK datagrams). */
typedef struct _WSACMSGHDR {
	SIZE_T cmsg_len;
	INT cmsg_level;
	INT cmsg_type;
} WSACMSGHDR, *PWSACMSGHDR, *LPWSACMSGHDR;
typedef WSACMSGHDR CMSGHDR, *PCMSGHDR;
#endif

#endif
