/*
 * init.h - NoteKeeper setup/teardown helpers
 *
 * Every helper records what it managed to set up in g_InitFlags, and
 * NkTeardownAll() undoes exactly those steps. Unload and a failing
 * DriverEntry both end up in NkTeardownAll().
 */
#ifndef NK_INIT_H
#define NK_INIT_H

#include <ntddk.h>

#define NK_TAG              'etoN'
#define NK_MAX_NOTE         128

#define INIT_DEVICE         0x00000001UL
#define INIT_LINK           0x00000002UL
#define INIT_RESOURCE       0x00000004UL
#define INIT_LOOKASIDE      0x00000008UL

typedef struct _NK_NOTE {
    LIST_ENTRY Link;
    USHORT     Length;
    CHAR       Text[NK_MAX_NOTE];
} NK_NOTE, *PNK_NOTE;

extern ULONG                g_InitFlags;
extern PDEVICE_OBJECT       g_Device;
extern PERESOURCE           g_NotesLock;
extern LIST_ENTRY           g_Notes;
extern ULONG                g_NoteCount;
extern PAGED_LOOKASIDE_LIST g_NoteLookaside;

NTSTATUS NkInitDevice(_In_ PDRIVER_OBJECT DriverObject);
NTSTATUS NkInitLink(VOID);
NTSTATUS NkInitResource(VOID);
NTSTATUS NkInitLookaside(VOID);
VOID     NkTeardownAll(VOID);

#endif /* NK_INIT_H */
