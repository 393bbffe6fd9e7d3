/** Test helpers shared by the shared module's tests (a hand-moved clock). */
package io.livepipe.testing;
