//
// events.cpp - bounded queue between the callbacks and the agent
//
#include "cryptowatch.h"

namespace cw {
namespace events {

namespace {

struct Node {
    LIST_ENTRY Link;
    Event      Data;
};

LIST_ENTRY    s_Queue;
KSPIN_LOCK    s_Lock;
ULONG         s_Count;
volatile LONG s_Dropped;

} // anonymous namespace

void Init()
{
    InitializeListHead(&s_Queue);
    KeInitializeSpinLock(&s_Lock);
    s_Count = 0;
    s_Dropped = 0;
}

void Push(_In_ const Event& e)
{
    auto node = static_cast<Node*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(Node), CW_TAG));
    if (node == nullptr) {
        InterlockedIncrement(&s_Dropped);
        return;
    }
    node->Data = e;

    Node* evicted = nullptr;
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Count >= CW_MAX_QUEUED) {
        // oldest goes first, the agent cares about what is happening now
        evicted = CONTAINING_RECORD(RemoveHeadList(&s_Queue), Node, Link);
        s_Count--;
    }
    InsertTailList(&s_Queue, &node->Link);
    s_Count++;
    KeReleaseSpinLock(&s_Lock, irql);

    if (evicted != nullptr) {
        InterlockedIncrement(&s_Dropped);
        ExFreePoolWithTag(evicted, CW_TAG);
    }
}

bool Pop(_Out_ Event* e)
{
    Node* node = nullptr;
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    if (!IsListEmpty(&s_Queue)) {
        node = CONTAINING_RECORD(RemoveHeadList(&s_Queue), Node, Link);
        s_Count--;
    }
    KeReleaseSpinLock(&s_Lock, irql);

    if (node == nullptr) {
        return false;
    }
    *e = node->Data;
    ExFreePoolWithTag(node, CW_TAG);
    return true;
}

void Drain()
{
    Event scratch;
    ULONG freed = 0;
    while (Pop(&scratch)) {
        freed++;
    }
    CW_TRACE("drained %lu events, %ld dropped over lifetime", freed, s_Dropped);
}

} // namespace events
} // namespace cw
