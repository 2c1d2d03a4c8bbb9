/* pager.h - the transport layer of "pager" (link.c). */
#ifndef PAGER_H
#define PAGER_H

NTSTATUS PgLinkStart(VOID);
VOID PgLinkStop(VOID);

#endif
