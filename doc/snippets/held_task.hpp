//
// Copyright (c) 2026 Boost.ConcurrentFutures contributors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A task that holds its worker until released, for the tutorial's examples
// that need a task running, or a queue behind one.

#ifndef BOOST_CONCURRENT_FUTURES_DOC_SNIPPETS_HELD_TASK_HPP
#define BOOST_CONCURRENT_FUTURES_DOC_SNIPPETS_HELD_TASK_HPP

#include <boost/concurrent_futures/future.hpp>

// tag::held_task[]
// Two hand-made futures used as latches; copies of the task share them.
struct held_task
{
    boost::concurrent_futures::future<void> started; // set once the task runs
    boost::concurrent_futures::future<void> release; // the task returns once this is set

    void operator()()
    {
        started.set_result();
        release.result();
    }
};
// end::held_task[]

#endif
