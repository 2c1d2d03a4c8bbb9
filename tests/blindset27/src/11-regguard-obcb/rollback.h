// rollback.h - records undo steps while DriverEntry builds up state.
// If DriverEntry returns without Commit(), the destructor runs the recorded
// steps newest-first.  RgUnload calls the same undo functions in that order.
#pragma once

class InitRollback {
public:
    using UndoFn = void (*)();

    InitRollback() : m_count(0), m_committed(false) {}
    ~InitRollback()
    {
        while (!m_committed && m_count > 0) {
            m_steps[--m_count]();
        }
    }
    void Push(UndoFn fn)
    {
        NT_ASSERT(m_count < kMaxSteps);
        m_steps[m_count++] = fn;
    }
    void Commit() { m_committed = true; }

    InitRollback(const InitRollback&) = delete;
    InitRollback& operator=(const InitRollback&) = delete;

private:
    static constexpr ULONG kMaxSteps = 8;
    UndoFn m_steps[kMaxSteps];
    ULONG  m_count;
    bool   m_committed;
};
