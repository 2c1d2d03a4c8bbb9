/*
 * userevt.c - the event object the client waits on
 */
#include "evtq.h"

NTSTATUS EqSetUserEvent(_In_ HANDLE Handle, _In_ KPROCESSOR_MODE Mode)
{
    PKEVENT event = NULL;
    PKEVENT old;
    KIRQL irql;
    NTSTATUS status;

    status = ObReferenceObjectByHandle(Handle, EVENT_MODIFY_STATE, *ExEventObjectType,
                                       Mode, (PVOID *)&event, NULL);
    if (!NT_SUCCESS(status))
        return status;

    KeAcquireSpinLock(&g_Eq.EventLock, &irql);
    old = g_Eq.UserEvent;
    g_Eq.UserEvent = event;
    KeReleaseSpinLock(&g_Eq.EventLock, irql);

    if (old != NULL)
        ObDereferenceObject(old);
    return STATUS_SUCCESS;
}

VOID EqClearUserEvent(VOID)
{
    PKEVENT old;
    KIRQL irql;

    KeAcquireSpinLock(&g_Eq.EventLock, &irql);
    old = g_Eq.UserEvent;
    g_Eq.UserEvent = NULL;
    KeReleaseSpinLock(&g_Eq.EventLock, irql);

    if (old != NULL)
        ObDereferenceObject(old);
}

VOID EqSignalUserEvent(VOID)
{
    PKEVENT event;
    KIRQL irql;

    KeAcquireSpinLock(&g_Eq.EventLock, &irql);
    event = g_Eq.UserEvent;
    if (event != NULL)
        ObReferenceObject(event);
    KeReleaseSpinLock(&g_Eq.EventLock, irql);

    if (event != NULL) {
        KeSetEvent(event, IO_NO_INCREMENT, FALSE);
        ObDereferenceObject(event);
    }
}
