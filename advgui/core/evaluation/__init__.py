"""Evaluations over folders of images: robust accuracy over eps, the smallest eps per
image, transfer to other models and JPEG (``advgui-cli evaluate``, the Evaluate tab).

``inputs`` finds images and labels, ``run`` attacks them (a generator of finished
images), ``transfer`` judges an adversarial image shown to another model, ``results``
keeps ``results.jsonl``, ``summary`` computes every figure from it and ``figure`` draws
them.
"""
